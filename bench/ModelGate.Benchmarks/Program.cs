using BenchmarkDotNet.Running;

// dotnet run -c Release -- --filter '*'            (add `--job short` for a quick pass)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
