using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Velib.Tests.Support;

/// <summary>The formatted texts a <see cref="FakeLogCollector"/> holds, as the tests assert on them.</summary>
public static class LogTexts
{
    public static IReadOnlyList<string> Texts(this FakeLogCollector logs) => [.. logs.GetSnapshot().Select(r => r.Message)];

    public static IReadOnlyList<string> Warnings(this FakeLogCollector logs) =>
        [.. logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message)];
}
