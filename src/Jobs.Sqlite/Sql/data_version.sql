-- Changes whenever another connection (in any process) commits to the file: the cross-process wake-up.
pragma data_version;
