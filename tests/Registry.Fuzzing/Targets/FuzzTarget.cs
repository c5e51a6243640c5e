namespace Registry.Fuzzing.Targets;

/// <summary>
/// One parser of untrusted input under fuzzing: <see cref="Run"/> feeds it the bytes and catches only the exceptions
/// the parser documents as its refusal of bad input (what its endpoint answers 4xx). Any other exception escapes and
/// is a crash: AFL++ saves the input, and <c>CorpusReplayTests</c> replays it.
/// </summary>
/// <param name="Name">The argv name, also the corpus folder <c>tests/Registry.Fuzzing/Corpus/&lt;name&gt;/</c>.</param>
/// <param name="Run">Parses one input.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run);
