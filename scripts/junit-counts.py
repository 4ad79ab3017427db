#!/usr/bin/env python3
"""Prints 'passed failed skipped' summed over the JUnit XML files given (pytest's and node --test's): each
<testcase> is failed when it holds <failure> or <error>, skipped when it holds <skipped>, else passed."""
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    for case in ET.parse(path).getroot().iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            failed += 1
        elif "skipped" in tags:
            skipped += 1
        else:
            passed += 1
print(passed, failed, skipped)
