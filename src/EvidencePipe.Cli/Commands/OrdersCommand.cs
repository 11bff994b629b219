using System.Globalization;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Export;
using EvidencePipe.Store;
using EvidencePipe.Store.Postgres;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>orders add|list|remove --case DIR|--store S --case NAME</c>: protective orders kept with the case, so they need not be
/// retyped on every command; <c>contacts</c> and <c>report</c> apply them (with any one-off <c>--order</c>).
/// </summary>
internal static class OrdersCommand
{
    public static int Run(CommandLine cl, TextWriter stdout)
    {
        var action = cl.Positionals;
        var json = cl.Flag("json");
        var type = cl.Option("type");
        var party = cl.Option("party");
        var from = cl.Option("from");
        var to = cl.Option("to");
        var reference = cl.Option("ref");
        var conditions = cl.Option("conditions");
        var caseName = cl.Required("case");
        var lab = cl.Option("store") is not null;
        cl.RejectUnknown();
        var adding = action[0] == "add";
        if (!adding && (type ?? party ?? from ?? to ?? reference ?? conditions) is not null)
        {
            throw new UsageException($"orders {action[0]}: --type, --party, --from, --to, --ref and --conditions belong to orders add");
        }

        ProtectiveOrder? order = null;
        if (adding)
        {
            if (type is null || party is null || from is null)
            {
                throw new UsageException("orders add: --type, --party and --from are required");
            }

            try
            {
                // Checked before the case is opened: a usage error leaves the case as it was.
                order = ProtectiveOrder.Create(type, party, from, to, reference, conditions);
            }
            catch (FormatException ex)
            {
                throw new UsageException(ex.Message);
            }
        }

        // --store: a lab case (issue 20); adding and removing needs the supervisor role, which the server enforces.
        using var local = lab ? null : Tool.OpenAudited(cl, create: false);
        var book = local is null ? LabBook(cl, caseName) : LocalBook(local);
        switch (action[0])
        {
            case "add":
                var id = book.Add(order!.TypeName, order.Party, from!, to, reference, conditions, DateTimeOffset.UtcNow);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"order {id} added: {order.Spec}"));
                return ExitCodes.Ok;
            case "remove":
                foreach (var word in action.Skip(1))
                {
                    var n = long.Parse(word, CultureInfo.InvariantCulture);
                    if (!book.Remove(n, DateTimeOffset.UtcNow))
                    {
                        throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"orders remove: no order {n} in this case (see orders list)"));
                    }

                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"order {n} removed"));
                }

                return ExitCodes.Ok;
            default:
                List(stdout, book.Active(), json);
                return ExitCodes.Ok;
        }
    }

    /// <summary>One engine's order book: add, remove, list.</summary>
    private sealed record OrderBook(
        Func<string, string, string, string?, string?, string?, DateTimeOffset, long> Add,
        Func<long, DateTimeOffset, bool> Remove,
        Func<IReadOnlyList<StoredOrder>> Active);

    private static OrderBook LocalBook(CaseStore store) => new(
        (type, party, from, to, reference, conditions, now) => OrderQueries.Add(store, type, party, from, to, reference, conditions, now),
        (id, now) => OrderQueries.Remove(store, id, now),
        () => OrderQueries.Active(store));

    private static OrderBook LabBook(CommandLine cl, string caseName)
    {
        var store = LabTool.Store(cl);
        var labCase = LabCase.Open(store, caseName, create: false);
        LabTool.Audit(cl, store, labCase.Id);
        return new(
            (type, party, from, to, reference, conditions, now) => LabOrders.Add(store, labCase, type, party, from, to, reference, conditions, now),
            (id, now) => LabOrders.Remove(store, labCase, id, now),
            () => LabOrders.Active(store, labCase));
    }

    private static void List(TextWriter stdout, IReadOnlyList<StoredOrder> orders, bool json)
    {
        if (json)
        {
            stdout.WriteLine(EventJson.Build(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("orders");
                foreach (var o in orders)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", o.Id);
                    w.WriteString("type", o.Type);
                    w.WriteString("party", o.Party);
                    w.WriteString("from", o.From);
                    w.WriteString("to", o.To);
                    w.WriteString("reference", o.Reference);
                    w.WriteString("conditions", o.Conditions);
                    w.WriteString("added", o.AddedUtc);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }));
            return;
        }

        stdout.WriteLine("id    type  from        to          party  (reference; conditions)");
        foreach (var o in orders)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{o.Id,-5} {o.Type,-5} {o.From,-11} {o.To ?? "open",-11} {o.Party}  ({o.Reference ?? "no reference"}; {o.Conditions ?? "no conditions recorded"})"));
        }
    }
}
