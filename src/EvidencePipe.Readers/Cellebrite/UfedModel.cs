namespace EvidencePipe.Readers.Cellebrite;

/// <summary>
/// One decoded <c>&lt;model&gt;</c> of report.xml, only as far as it is read: the wanted
/// <c>field</c> values (first value of each), the nested models of each <c>modelField</c> /
/// <c>multiModelField</c>, and the <c>jumptargets</c> (ids of tagged files or models it came from).
/// </summary>
internal sealed class UfedModel(string type, string? id, string? deletedState)
{
    public string Type { get; } = type;

    public string? Id { get; } = id;

    /// <summary><c>deleted_state</c>: <c>Intact</c>, <c>Deleted</c>, …</summary>
    public string? DeletedState { get; } = deletedState;

    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<UfedModel>> Models { get; } = new(StringComparer.Ordinal);

    public List<string> JumpTargets { get; } = [];

    public bool IsDeleted => string.Equals(DeletedState, "Deleted", StringComparison.OrdinalIgnoreCase);

    public string? Field(string name) => Fields.TryGetValue(name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    public IReadOnlyList<UfedModel> Children(string field) => Models.TryGetValue(field, out var list) ? list : [];

    public void Add(string field, UfedModel child)
    {
        if (!Models.TryGetValue(field, out var list))
        {
            Models[field] = list = [];
        }

        list.Add(child);
    }
}
