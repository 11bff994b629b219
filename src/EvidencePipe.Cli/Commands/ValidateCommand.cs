using System.Text;
using System.Text.Json;
using EvidencePipe.Application.Validation;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>validate [--reference FILE] [--out REPORT.json]</c>: runs the bundled reference set through the
/// real pipeline (<see cref="ReferenceValidation"/>) and reports every check's expected and actual
/// value, for a lab's method-validation records (FSR Code of Practice, issue 8).
/// </summary>
internal static class ValidateCommand
{
    public const string DefaultReference = "fixtures/validation/reference.json";

    public static async Task<int> RunAsync(CommandLine cl, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var referencePath = cl.Option("reference") ?? FindBundledReference()
            ?? throw new UsageException($"no --reference given and {DefaultReference} not found above the current or program directory");
        var outPath = cl.Option("out");
        cl.RejectUnknown();

        ValidationReference reference;
        try
        {
            reference = ValidationReference.Load(referencePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            throw new UsageException($"--reference {referencePath}: {ex.Message}");
        }

        var checks = await ReferenceValidation.RunChecksAsync(reference, cancellationToken).ConfigureAwait(false);
        var report = new ValidationReport(reference, Path.GetFullPath(referencePath), ReferenceValidation.Sha256Of(referencePath), DateTimeOffset.UtcNow, checks);
        var markdown = report.ToMarkdown();
        if (outPath is not null)
        {
            var full = Path.GetFullPath(outPath);
            await File.WriteAllTextAsync(full, report.ToJson() + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.ChangeExtension(full, ".md"), markdown, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }

        await stdout.WriteAsync(markdown).ConfigureAwait(false);
        if (!report.Passed)
        {
            foreach (var failed in checks.Where(c => !c.Pass))
            {
                await stderr.WriteLineAsync($"evidencepipe: validation FAILED: {failed.File}: {failed.Check}: expected {failed.Expected}, got {failed.Actual}").ConfigureAwait(false);
            }

            return ExitCodes.ValidationFailed;
        }

        return ExitCodes.Ok;
    }

    private static string? FindBundledReference()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultReference);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
