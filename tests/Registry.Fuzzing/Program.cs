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

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
