using System.CommandLine;

namespace EvidencePipe.Cli;

/// <summary>
/// One command's options as System.CommandLine parsed and checked them (<see cref="CommandSpecs"/>),
/// read by name so command bodies stay as they were: by the time a body runs the whole command line
/// has been validated, and nothing has been written anywhere.
/// </summary>
internal sealed class CommandLine
{
    private readonly ParseResult _parse;
    private readonly System.CommandLine.Command _command;
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    private CommandLine(ParseResult parse, System.CommandLine.Command command, IReadOnlyList<string> arguments)
    {
        _parse = parse;
        _command = command;
        Arguments = arguments;
        Positionals = command.Arguments.Count == 0 ? [] : [.. parse.GetValue((Argument<string[]>)command.Arguments[0]) ?? []];
    }

    public string Command => _command.Name;

    /// <summary>Everything after the command, as typed (response files expanded), for the audit log.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public List<string> Positionals { get; }

    /// <summary>Parses a whole command line (command first) against <see cref="CommandSpecs"/>; any error is a usage error.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var root = CommandSpecs.Build();
        var command = root.Subcommands.First(c => c.Name == args[0]);
        var parse = root.Parse([.. args]);
        return parse.Errors.Count > 0
            ? throw new UsageException(string.Join("; ", parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal)))
            : From(parse, command, args);
    }

    public static CommandLine From(ParseResult parse, System.CommandLine.Command command, IReadOnlyList<string> args)
    {
        // A response file (@file) is recorded as the arguments it stood for, so the audit shows what ran.
        IReadOnlyList<string> arguments = args.Skip(1).Any(a => a.StartsWith('@'))
            ? [.. parse.Tokens.Select(t => t.Value).SkipWhile(v => v != command.Name).Skip(1)]
            : [.. args.Skip(1)];
        return new CommandLine(parse, command, arguments);
    }

    public bool Flag(string name)
    {
        _consumed.Add(name);
        return Find(name) is Option<bool> flag && _parse.GetValue(flag);
    }

    public string? Option(string name)
    {
        _consumed.Add(name);
        return Find(name) is Option<string> option && Given(option) ? _parse.GetValue(option) : null;
    }

    public IReadOnlyList<string> Options(string name)
    {
        _consumed.Add(name);
        return Find(name) is Option<string[]> option ? _parse.GetValue(option) ?? [] : [];
    }

    public string Required(string name) => Option(name) ?? throw new UsageException($"--{name} is required");

    /// <summary>A whole-number option; its lower bound was checked when the line was parsed.</summary>
    public int Int(string name, int fallback, int min)
    {
        _consumed.Add(name);
        if (Find(name) is not Option<int> option || !Given(option))
        {
            return fallback;
        }

        var n = _parse.GetValue(option);
        return n >= min ? n : throw new UsageException($"--{name} must be a whole number ≥ {min}, not '{n}'");
    }

    /// <summary>
    /// Fails on an option given but not read by the command body: the parser refuses options a command
    /// does not declare, so this only catches a declaration the body forgot to use.
    /// </summary>
    public void RejectUnknown()
    {
        var unread = _command.Options.Where(o => Given(o) && !_consumed.Contains(o.Name.TrimStart('-'))).Select(o => o.Name).ToList();
        if (unread.Count > 0)
        {
            throw new UsageException("unknown option(s): " + string.Join(", ", unread));
        }
    }

    private Option? Find(string name) => _command.Options.FirstOrDefault(o => o.Name == "--" + name);

    private bool Given(Option option) => _parse.GetResult(option) is { Implicit: false };
}

internal sealed class UsageException(string message) : Exception(message);
