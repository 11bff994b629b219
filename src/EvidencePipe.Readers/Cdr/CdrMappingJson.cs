using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvidencePipe.Readers.Cdr;

/// <summary>
/// Compile-time (source-generated) JSON for a <c>--cdr-map</c> file: the same options the reader has
/// always used (camelCase names, matched ignoring case, comments and trailing commas allowed, unknown
/// members refused), without the reflection-based serializer, so the CLI can be published as Native AOT
/// (https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/source-generation).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CdrMapping))]
internal sealed partial class CdrMappingJson : JsonSerializerContext;
