namespace EvidencePipe.Cli;

/// <summary>
/// Raw command-line options, exactly as typed (the ripgrep split: this class only tokenises; each
/// command resolves these into its own typed configuration and validates it).
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    private CommandLine(string command, IReadOnlyList<string> all)
    {
        Command = command;
        Arguments = all;
    }

    public string Command { get; }

    /// <summary>Everything after the command, verbatim, for the audit log.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public List<string> Positionals { get; } = [];

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> FlagNames = new(StringComparer.Ordinal) { "json", "help", "quiet", "benign" };

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("no command given");
        }

        var cl = new CommandLine(args[0], args.Skip(1).ToArray());
        for (var i = 1; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                cl.Positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                string? value = null;
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }

                if (FlagNames.Contains(name) && value is null)
                {
                    cl._flags.Add(name);
                    continue;
                }

                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"--{name} needs a value");
                    }

                    value = args[++i];
                }

                if (!cl._options.TryGetValue(name, out var list))
                {
                    cl._options[name] = list = [];
                }

                list.Add(value);
            }
            else if (a == "-h")
            {
                cl._flags.Add("help");
            }
            else
            {
                cl.Positionals.Add(a);
            }
        }

        return cl;
    }

    public bool Flag(string name)
    {
        _consumed.Add(name);
        return _flags.Contains(name);
    }

    public string? Option(string name)
    {
        _consumed.Add(name);
        if (!_options.TryGetValue(name, out var values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new UsageException($"--{name} given more than once");
    }

    public IReadOnlyList<string> Options(string name)
    {
        _consumed.Add(name);
        return _options.TryGetValue(name, out var values) ? values : [];
    }

    public string Required(string name) => Option(name) ?? throw new UsageException($"--{name} is required");

    public int Int(string name, int fallback, int min)
    {
        var raw = Option(name);
        if (raw is null)
        {
            return fallback;
        }

        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new UsageException($"--{name} must be a whole number ≥ {min}, not '{raw}'");
    }

    /// <summary>Fails on any option the command did not ask about (a typo must not be ignored).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Concat(_flags).Where(k => !_consumed.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException("unknown option(s): " + string.Join(", ", unknown.Select(u => "--" + u)));
        }
    }
}

internal sealed class UsageException(string message) : Exception(message);
