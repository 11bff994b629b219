using System.Text.Json.Serialization;

namespace EvidencePipe.Analysis.Changes;

/// <summary>Source-generated JSON for snapshots (no reflection; the same bytes on every machine).</summary>
[JsonSerializable(typeof(List<PersonSnapshot>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class SnapshotJson : JsonSerializerContext
{
}
