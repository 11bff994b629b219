using System.Globalization;
using System.Net;
using System.Text;
using EvidencePipe.Application;
using EvidencePipe.Search;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace EvidencePipe.Web;

/// <summary>
/// The investigator's page and its JSON API over Kestrel. Read-only: only GET is routed (any other method is
/// 405), and no endpoint changes a case beyond its audit log (a lab store is served only over a read-only login). Loopback by default; any other address needs
/// <c>--users</c> (HTTP Basic over the PBKDF2 file) and is refused without it, before anything listens.
/// </summary>
public sealed class WebServer : IAsyncDisposable
{
    /// <summary>
    /// Every asset is served by this server (no CDN), no inline script or style, no framing, no form posts:
    /// CSP Level 3 directives (https://www.w3.org/TR/CSP3/).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly WebApplication _app;
    private readonly ICaseViews _views;

    private WebServer(WebApplication app, ICaseViews views)
    {
        _app = app;
        _views = views;
    }

    /// <summary>The address the page is served at (the port chosen when 0 was asked for).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Refuses a non-loopback address without users (thrown before anything is bound).</summary>
    public static void Check(WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Listen.IsLoopback && options.Users is null)
        {
            throw new CaseOptionException(
                $"--listen {options.Listen} is reachable from other machines: give --users FILE (hashed passwords, see README \"Web page\") or listen on 127.0.0.1");
        }

        if (options.Cases.Count == 0)
        {
            throw new CaseOptionException("--case is required");
        }

        if (options.Store is not null)
        {
            CheckLab(options, options.Store);
            return;
        }

        foreach (var dir in options.Cases)
        {
            if (!CaseStore.Exists(dir))
            {
                throw new CaseOptionException($"--case {dir}: not a case (no case database there)");
            }

            // --order, --aliases and --lexicon checked before anything listens (aliases are read with each case's region).
            using var store = CaseStore.OpenForReading(dir);
            CaseViews.ContactInputs(options.Contacts, CaseOptions.Resolve(store, null, null, [], persist: false));
        }
    }

    /// <summary>
    /// <c>--store</c>: the login must hold no write privilege beyond the investigator role's (appending audit rows), so no
    /// request can change the lab whatever it asks (and the page itself writes nothing but its audit rows); every case must exist; the
    /// analysis options are checked as for local cases.
    /// </summary>
    private static void CheckLab(WebOptions options, StoreConnection store)
    {
        var writes = LabEventQueries.PrivilegesBeyondInvestigator(store);
        if (writes.Count > 0)
        {
            throw new CaseOptionException(
                $"--store: the login {store.Description} may write to the lab ({string.Join(", ", writes.Take(4))}{(writes.Count > 4 ? ", …" : string.Empty)}): " +
                $"serve reads only, so it needs a login that is a member of {LabSchema.InvestigatorRole} and of no writing role");
        }

        foreach (var name in options.Cases)
        {
            var labCase = LabCase.Open(store, name, create: false);
            CaseViews.ContactInputs(options.Contacts, CaseOptions.Read(new PostgresCaseReader(store, labCase)));
        }
    }

    public static async Task<WebServer> StartAsync(WebOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        Check(options);
        ArgumentNullException.ThrowIfNull(log);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Listen.Address, options.Listen.Port);
        });
        ICaseViews views = options.Store is null ? new CaseViews(options, log) : new LabCaseViews(options, log);
        builder.Services.AddSingleton(views);
        var app = builder.Build();
        app.Use(Secure(options));
        Map(app);
        var server = new WebServer(app, views);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        server.Address = new Uri((bound ?? $"http://{options.Listen}").Replace("[::]", "[::1]", StringComparison.Ordinal) + "/");
        return server;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _views.Dispose();
    }

    /// <summary>Security headers on every answer, and the user: HTTP Basic (RFC 7617) against the users file when there is one.</summary>
    private static Func<HttpContext, RequestDelegate, Task> Secure(WebOptions options) => async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers["Content-Security-Policy"] = ContentSecurityPolicy;
        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Frame-Options"] = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        if (options.Users is null)
        {
            context.Items[UserKey] = Environment.UserName;
            await next(context).ConfigureAwait(false);
            return;
        }

        if (BasicUser(context.Request.Headers.Authorization.ToString()) is { } credentials && options.Users.Verify(credentials.Name, credentials.Password))
        {
            context.Items[UserKey] = credentials.Name;
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        headers.WWWAuthenticate = "Basic realm=\"EvidencePipe\", charset=\"UTF-8\"";
    };

    private const string UserKey = "evidencepipe.user";

    private static (string Name, string Password)? BasicUser(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var buffer = new byte[header.Length];
        if (!Convert.TryFromBase64String(header[6..].Trim(), buffer, out var n))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, n);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
    }

    private static void Map(WebApplication app)
    {
        foreach (var (path, asset) in new[] { ("/", "index.html"), ("/app.js", "app.js"), ("/app.css", "app.css") })
        {
            app.MapGet(path, () => Assets.Result(asset));
        }

        app.MapGet("/api/cases", (HttpContext c, ICaseViews v) => Answer(c, () => v.Cases(User(c))));
        app.MapGet("/api/search", (HttpContext c, ICaseViews v) => Answer(c, () =>
        {
            var q = c.Request.Query["q"].ToString();
            if (string.IsNullOrWhiteSpace(q))
            {
                return ApiAnswer.Error(400, "search needs a query (q=)");
            }

            var sort = c.Request.Query["sort"].ToString() switch
            {
                "" or "time" or "newest" => SearchSort.Time,
                "oldest" => SearchSort.Oldest,
                "relevance" => SearchSort.Relevance,
                var other => throw new CaseOptionException($"sort must be time, oldest or relevance, not '{other}'"),
            };
            return v.Search(User(c), q, Int(c, "limit", 50, 0, 1000), Int(c, "offset", 0, 0, 100_000), sort, c.RequestAborted);
        }));
        app.MapGet("/api/histogram", (HttpContext c, ICaseViews v) => Answer(c, () => v.Histogram(User(c), Required(c, "q"), c.RequestAborted)));
        app.MapGet("/api/contacts", (HttpContext c, ICaseViews v) => Answer(c, () => v.Contacts(User(c), Case(c, v))));
        app.MapGet("/api/events/{id}", (HttpContext c, ICaseViews v, string id) => Answer(c, () => v.Event(User(c), Case(c, v), id)));
        app.MapGet("/api/conversation", (HttpContext c, ICaseViews v) => Answer(c, () =>
            v.Conversation(User(c), Case(c, v), Required(c, "person"), c.RequestAborted)));
        app.MapGet("/api/evidence", (HttpContext c, ICaseViews v) => Answer(c, () =>
            v.Evidence(User(c), Case(c, v), Required(c, "person"), Required(c, "code"))));
        app.MapGet("/media/{sha256}", Media);
    }

    /// <summary>
    /// A photo or video exhibit by its SHA-256: the only name a request can give, looked up among the case's recorded
    /// sources (no path is ever taken from the request, so none can be traversed). Verified against the case record
    /// before a byte is sent; a changed file is 409 with the reason. Drawable raster images inline, anything else a
    /// download (<see cref="ExhibitMediaType"/>), both under the page's CSP plus <c>sandbox</c>.
    /// </summary>
    private static async Task<IResult> Media(HttpContext c, ICaseViews v, string sha256)
    {
        string caseDir;
        try
        {
            caseDir = Case(c, v);
        }
        catch (CaseOptionException ex)
        {
            return Write(c, ApiAnswer.Error(400, ex.Message));
        }

        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return Write(c, ApiAnswer.Error(400, "a photo is named by its SHA-256: 64 lower-case hex digits"));
        }

        ExhibitRead read;
        try
        {
            read = await v.MediaAsync(User(c), caseDir, sha256, c.RequestAborted).ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            return Write(c, LabStoreFailure(ex));
        }

        switch (read.Outcome)
        {
            case ExhibitOutcome.Verified:
                var type = ExhibitMediaType.ForFormat(read.File!.Format);
                var disposition = new ContentDispositionHeaderValue(type.Inline ? "inline" : "attachment");
                disposition.SetHttpFileName(read.File.FileName);
                c.Response.Headers.ContentDisposition = disposition.ToString();
                c.Response.Headers["Content-Security-Policy"] = ContentSecurityPolicy + "; sandbox";
                return Results.Bytes(read.Bytes!, type.ContentType);
            case ExhibitOutcome.Changed:
                return Write(c, ApiAnswer.Error(409, read.Reason!));
            case ExhibitOutcome.TooLarge:
                return Write(c, ApiAnswer.Error(413, read.Reason!));
            default:
                return Write(c, ApiAnswer.Error(404, read.Reason!));
        }
    }

    private static IResult Answer(HttpContext context, Func<ApiAnswer> view)
    {
        ApiAnswer answer;
        try
        {
            answer = view();
        }
        catch (Exception ex) when (ex is QuerySyntaxException or CaseOptionException)
        {
            answer = ApiAnswer.Error(400, ex.Message);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            answer = LabStoreFailure(ex);
        }

        return Write(context, answer);
    }

    /// <summary>A lab store that failed or refused a view: 503, with the server's own code and text, never the connection string.</summary>
    private static ApiAnswer LabStoreFailure(Npgsql.NpgsqlException ex) => ex is Npgsql.PostgresException refusal
        ? ApiAnswer.Error(503, $"lab store: {refusal.SqlState}: {refusal.MessageText}")
        : ApiAnswer.Error(503, $"lab store could not be used: {ex.Message}");

    private static IResult Write(HttpContext context, ApiAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        return Results.Text(answer.Json, "application/json; charset=utf-8", Encoding.UTF8, answer.Status);
    }

    private static string User(HttpContext c) => c.Items[UserKey] as string ?? "unknown";

    /// <summary>The case asked for (<c>case=</c>), which must be one of those served; the first by default.</summary>
    private static string Case(HttpContext c, ICaseViews v)
    {
        var asked = c.Request.Query["case"].ToString();
        return asked.Length == 0 ? v.DefaultCase
            : v.Serves(asked) ? asked
            : throw new CaseOptionException($"case '{asked}' is not served here");
    }

    private static string Required(HttpContext c, string name)
    {
        var value = c.Request.Query[name].ToString();
        return value.Length > 0 ? value : throw new CaseOptionException($"{name}= is required");
    }

    private static int Int(HttpContext c, string name, int fallback, int min, int max)
    {
        var text = c.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new CaseOptionException($"{name} must be a whole number from {min} to {max}");
    }
}
