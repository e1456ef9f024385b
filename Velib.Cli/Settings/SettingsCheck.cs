using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;

namespace Velib.Cli.Settings;

/// <summary>
/// Every unusable setting, one line each, named as the user gave it: an empty value, a key that is no setting (a typo
/// would otherwise be ignored), a value that does not convert, then what <see cref="VelibOptionsValidator"/> refuses
/// in the rest. Each key is bound on its own into a fresh <see cref="VelibOptions"/>, so the checks follow the
/// options class as it is, not a list of today's settings.
/// </summary>
internal static partial class SettingsCheck
{
    /// <summary>A key no group of settings has.</summary>
    private const string UnknownKey = "velib-no-such-setting";

    /// <summary>Values that each kind of setting takes, in an order where each is refused by the kinds after it.</summary>
    private static readonly (string Probe, string? Expected)[] Kinds =
    [
        ("x", null),
        ("true", "true or false"),
        ("00:00:01", "a duration, hh:mm:ss"),
        ("1", "a whole number"),
    ];

    public static List<string> Problems(IReadOnlyList<Setting> settings)
    {
        var problems = new List<string>();
        var usable = new List<Setting>();
        foreach (var setting in settings)
        {
            if (Problem(setting) is { } problem)
            {
                problems.Add(problem);
            }
            else
            {
                usable.Add(setting);
            }
        }

        var options = new VelibOptions();
        Bind(usable, options);
        var validation = new VelibOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            problems.AddRange(validation.Failures.Select(failure => Named(failure, usable)));
        }

        return problems;
    }

    private static string? Problem(Setting setting)
    {
        if (Binds(setting.Key, setting.Value) && !string.IsNullOrWhiteSpace(setting.Value))
        {
            // A value given to a group (Velib__Geocoder=off) binds to nothing; the group has settings of its own.
            return Binds($"{setting.Key}{ConfigurationPath.KeyDelimiter}{UnknownKey}", "x") ? null
                : $"{setting.Source}: a group of settings, not one (the README's Configuration lists its settings)";
        }

        if (setting.FromCommandLine)
        {
            // Every option sets a text setting, which takes any value but an empty one.
            return $"{setting.Source}: empty value (expected {setting.Expected})";
        }

        var kind = Kinds.Where(k => Binds(setting.Key, k.Probe)).Select(k => (Known: true, k.Expected)).FirstOrDefault();
        if (!kind.Known)
        {
            return $"{setting.Source}: not a setting of velib (the README's Configuration lists them)";
        }

        var expected = kind.Expected is null ? "" : $" (expected {kind.Expected})";
        return string.IsNullOrWhiteSpace(setting.Value)
            ? $"{setting.Source}: empty value{expected}"
            : $"{setting.Source}: '{setting.Value}' is not {kind.Expected}";
    }

    private static bool Binds(string key, string value)
    {
        try
        {
            Bind([new Setting(key, value, key)], new VelibOptions(), errorOnUnknown: true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Bind(IEnumerable<Setting> settings, VelibOptions options, bool errorOnUnknown = false) =>
        SettingSources.Configuration(settings).GetSection(VelibOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = errorOnUnknown);

    /// <summary>A validation failure with the setting it names (<c>Velib:Stations: …</c>, or a data annotation's <c>The field VelibOptions.MaxRetries …</c>) as the user gave it.</summary>
    private static string Named(string failure, IReadOnlyList<Setting> settings)
    {
        var annotation = AnnotationFailure().Match(failure);
        var (key, rest) = annotation.Success
            ? ($"{VelibOptions.SectionName}:{annotation.Groups["path"].Value.Replace('.', ':')}", annotation.Groups["rest"].Value.TrimEnd('.'))
            : KeyFailure().Match(failure) is { Success: true } prefixed ? (prefixed.Groups["key"].Value, prefixed.Groups["rest"].Value) : (null, failure);
        if (key is null)
        {
            return failure;
        }

        var setting = settings.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
        return setting is null ? $"{key}: {rest}"
            : annotation.Success ? $"{setting.Source}: '{setting.Value}' {rest}"
            : $"{setting.Source}: {rest}";
    }

    [GeneratedRegex(@"^\w+: The field VelibOptions\.(?<path>[\w.]+) (?<rest>.+)$")]
    private static partial Regex AnnotationFailure();

    [GeneratedRegex(@"^(?<key>Velib(:\w+)+): (?<rest>.+)$")]
    private static partial Regex KeyFailure();
}
