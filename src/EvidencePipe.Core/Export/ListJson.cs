using System.Text.Json.Serialization;

namespace EvidencePipe.Export;

/// <summary>
/// Compile-time (source-generated) JSON for the small lists a case keeps in text columns — the audit
/// log's arguments, the owners, stored identifier lists and names. Same bytes as the reflection-based
/// <c>JsonSerializer</c> with default options, without its start-up cost (~45 ms of CPU on the first
/// call, paid by every ingest: scripts/bench.sh).
/// </summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class ListJson : JsonSerializerContext;
