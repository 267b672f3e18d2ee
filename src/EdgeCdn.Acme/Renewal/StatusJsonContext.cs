using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeCdn.Acme.Renewal;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<CertificateStatus>))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
