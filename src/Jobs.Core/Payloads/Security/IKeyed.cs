namespace Jobs.Payloads.Security;

/// <summary>A key that a <see cref="KeyRing{TKey}"/> holds under its id.</summary>
internal interface IKeyed
{
    string Id { get; }
}
