using System.Globalization;
using EvidencePipe.Analysis.Orders;
using EvidencePipe.Export;
using EvidencePipe.Store.Sqlite;

namespace EvidencePipe.Cli.Commands;

/// <summary>
/// <c>orders add|list|remove --case DIR</c>: protective orders kept with the case, so they need not be
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
        cl.Required("case");
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

        using var store = Tool.OpenAudited(cl, create: false);
        switch (action[0])
        {
            case "add":
                var id = OrderQueries.Add(store, order!.TypeName, order.Party, from!, to, reference, conditions, DateTimeOffset.UtcNow);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"order {id} added: {order.Spec}"));
                return ExitCodes.Ok;
            case "remove":
                foreach (var word in action.Skip(1))
                {
                    var n = long.Parse(word, CultureInfo.InvariantCulture);
                    if (!OrderQueries.Remove(store, n, DateTimeOffset.UtcNow))
                    {
                        throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"orders remove: no order {n} in this case (see orders list)"));
                    }

                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"order {n} removed"));
                }

                return ExitCodes.Ok;
            default:
                List(stdout, OrderQueries.Active(store), json);
                return ExitCodes.Ok;
        }
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
