namespace EdgeCdn.Core.Signing;

/// <summary>Header values by lower-case name, for building canonical requests from any request shape.</summary>
internal interface IHeaderLookup
{
    string? Get(string lowerCaseName);
}
