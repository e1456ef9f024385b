using System.Collections;
using Microsoft.Extensions.Configuration;
using Velib.Core.Configuration;

namespace Velib.Cli.Settings;

/// <summary>Where the settings come from: <c>Velib__*</c> environment variables, overridden by the command line's options.</summary>
internal static class SettingSources
{
    public const string EnvironmentPrefix = VelibOptions.SectionName + "__";

    /// <summary>
    /// The <c>Velib__*</c> variables of <paramref name="environment"/>, or of the process when null, and the
    /// <c>Velib:*</c> ones, which .NET's environment configuration (the Functions app's) reads the same.
    /// </summary>
    public static List<Setting> FromEnvironment(IReadOnlyDictionary<string, string?>? environment)
    {
        var variables = environment ?? Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return [.. variables
            .Where(v => (v.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || v.Key.StartsWith(VelibOptions.SectionName + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)) && v.Value is not null)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new Setting(v.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), v.Value!, v.Key))];
    }

    /// <summary>The settings of <paramref name="environment"/> that no option overrides, then the options.</summary>
    public static List<Setting> Merge(IEnumerable<Setting> environment, IReadOnlyCollection<Setting> options) =>
        [.. environment.Where(e => !options.Any(o => string.Equals(o.Key, e.Key, StringComparison.OrdinalIgnoreCase))), .. options];

    public static IConfiguration Configuration(IEnumerable<Setting> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
}
