using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Registry.Formats.Helm;

/// <summary>
/// A YAML document read into a small tree under budgets: at most <see cref="MaxNodes"/> nodes counting every alias as
/// the copy it stands for, and at most <see cref="MaxDepth"/> levels. A YAML bomb (anchors whose aliases multiply,
/// https://en.wikipedia.org/wiki/Billion_laughs_attack) is refused while its events are read, before anything walks the
/// expanded tree, so no later step can be made to do more work than the budget.
/// </summary>
internal static class HelmYamlTree
{
    internal const int MaxNodes = 10_000;
    internal const int MaxDepth = 32;

    /// <summary>The one document of <paramref name="text"/>; throws <see cref="YamlException"/> or <see cref="InvalidDataException"/> with the reason.</summary>
    public static YamlNode Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            throw new InvalidDataException("it is empty");
        }

        parser.Consume<DocumentStart>();
        var reading = new Reading(parser);
        var root = reading.Node(depth: 0);
        parser.Consume<DocumentEnd>();
        if (!parser.Accept<StreamEnd>(out _))
        {
            throw new InvalidDataException("it holds more than one YAML document");
        }

        return root;
    }

    private sealed class Reading(IParser parser)
    {
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private long _nodes;

        public YamlNode Node(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidDataException($"it nests deeper than {MaxDepth} levels");
            }

            YamlNode node;
            AnchorName anchor;
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new InvalidDataException($"the alias *{alias.Value.Value} names no anchor");
                }

                Count(target.Weight);
                return target;
            }
            else if (parser.TryConsume<Scalar>(out var scalar))
            {
                Count(1);
                anchor = scalar.Anchor;
                node = new YamlScalar(scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any, scalar.Tag.IsEmpty ? null : scalar.Tag.Value);
            }
            else if (parser.TryConsume<SequenceStart>(out var sequence))
            {
                Count(1);
                anchor = sequence.Anchor;
                var items = new List<YamlNode>();
                long weight = 1;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = Node(depth + 1);
                    weight += item.Weight;
                    items.Add(item);
                }

                node = new YamlSequence(items, weight);
            }
            else if (parser.TryConsume<MappingStart>(out var mapping))
            {
                Count(1);
                anchor = mapping.Anchor;
                var entries = new List<KeyValuePair<string, YamlNode>>();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                long weight = 1;
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (Node(depth + 1) is not YamlScalar key)
                    {
                        throw new InvalidDataException("a mapping key is not a plain value");
                    }

                    if (!keys.Add(key.Value))
                    {
                        throw new InvalidDataException($"the key '{key.Value}' appears twice in one mapping");
                    }

                    var value = Node(depth + 1);
                    weight += 1 + value.Weight;
                    entries.Add(new(key.Value, value));
                }

                node = new YamlMapping(entries, weight);
            }
            else
            {
                throw new InvalidDataException($"unexpected {parser.Current?.GetType().Name ?? "end of input"}");
            }

            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }

        private void Count(long nodes)
        {
            _nodes += nodes;
            if (_nodes > MaxNodes)
            {
                throw new InvalidDataException($"it expands to more than {MaxNodes} values (through anchors and aliases, or in all)");
            }
        }
    }
}

/// <summary>A node of <see cref="HelmYamlTree"/>; <see cref="Weight"/> counts the nodes it expands to.</summary>
internal abstract record YamlNode(long Weight);

/// <summary>A scalar: its text, whether it was plain (unquoted, so YAML may read it as a number, boolean or null), and its tag.</summary>
internal sealed record YamlScalar(string Value, bool Plain, string? Tag) : YamlNode(1)
{
    /// <summary>Whether YAML reads it as null (<c>~</c>, <c>null</c>, nothing).</summary>
    public bool IsNull => Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A sequence.</summary>
internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, long Weight) : YamlNode(Weight);

/// <summary>A mapping, in document order, with unique scalar keys.</summary>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<string, YamlNode>> Entries, long Weight) : YamlNode(Weight);
