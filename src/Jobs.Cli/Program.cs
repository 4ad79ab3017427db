return await Jobs.Cli.CliApp.RunAsync(args);
