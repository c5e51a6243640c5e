using Registry.Fuzzing.Targets;
using SharpFuzz;

// Usage: Registry.Fuzzing <target>           run under afl-fuzz (SharpFuzz persistent mode), input on stdin/shared memory
//        Registry.Fuzzing <target> <file>... run the files through the target once each (reproduce a crash)
if (args.Length == 0 || FuzzTargets.FindOrNull(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: Registry.Fuzzing <target> [file...]; targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args.Skip(1))
    {
        target.Run(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: no crash");
    }

    return 0;
}

// FUZZ_OUT_OF_PROCESS=1 runs each input in a child process that SharpFuzz restarts when it dies: slower, but a stack
// overflow or a timeout then becomes a saved crash instead of afl losing its fork server (the persistent mode's
// process is the fork server).
Action<Action<Stream>> run = Environment.GetEnvironmentVariable("FUZZ_OUT_OF_PROCESS") == "1" ? Fuzzer.OutOfProcess.Run : Fuzzer.Run;
run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
