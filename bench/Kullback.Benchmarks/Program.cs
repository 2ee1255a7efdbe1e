using BenchmarkDotNet.Running;

// Runs the BenchmarkDotNet micro-benchmarks: dotnet run -c Release --project bench/Kullback.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
