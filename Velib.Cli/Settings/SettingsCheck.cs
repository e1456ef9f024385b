using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Velib.Core.Configuration;

namespace Velib.Cli.Settings;

/// <summary>
/// Every unusable setting, one line each, named as the user gave it: an empty value, a key that is no setting (a typo,
/// or a key below a setting, would otherwise be ignored), a value that does not convert, then what
/// <see cref="VelibOptionsValidator"/> refuses in the rest. Each key is bound on its own into a fresh <see cref="VelibOptions"/>, so the checks follow the
/// options class as it is, not a list of today's settings.
/// </summary>
internal static partial class SettingsCheck
{
    /// <summary>A key no group of settings has.</summary>
    private const string UnknownKey = "velib-no-such-setting";

    private const string DurationProbe = "00:00:01", WholeNumberProbe = "1";

    /// <summary>Values that each kind of setting takes, in an order where each is refused by the kinds after it.</summary>
    private static readonly (string Probe, string? Expected)[] Kinds =
    [
        ("x", null),
        ("true", "true or false"),
        (DurationProbe, "a duration, hh:mm:ss"),
        (WholeNumberProbe, "a whole number"),
    ];

    public static List<string> Problems(IReadOnlyList<Setting> settings)
    {
        var problems = new List<string>();
        var usable = new List<Setting>();

        // Variable names are case-sensitive here and settings are not: Velib__Stations, VELIB__STATIONS and Velib:Stations are one setting.
        var repeated = settings.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase).Where(same => same.Count() > 1).ToList();
        problems.AddRange(repeated.Select(same => $"{string.Join(" and ", same.Select(s => s.Source))}: one setting given {same.Count()} times (at most once; "
            + (same.Select(s => s.Source).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1 ? "the names differ only in case)" : "':' and '__' both separate the parts of a name)")));
        foreach (var setting in settings.Where(s => !repeated.Any(same => string.Equals(same.Key, s.Key, StringComparison.OrdinalIgnoreCase))))
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

        var validation = Validated(usable);
        if (validation.Failed)
        {
            problems.AddRange(validation.Failures.Select(failure => Named(failure, usable)));
        }

        return problems;
    }

    private static string? Problem(Setting setting)
    {
        var child = $"{setting.Key}{ConfigurationPath.KeyDelimiter}{UnknownKey}";
        if (Bind(setting.Key, setting.Value) is not Binding.Refused
            && (Bind(child, "x") is Binding.Refused || Bind($"{child}{ConfigurationPath.KeyDelimiter}{UnknownKey}", "x") is Binding.Refused))
        {
            // A value given to a group (Velib__Geocoder=off) binds to nothing; the group has settings of its own. A group
            // of groups (Velib__PostcodeOverrides) takes any key one level down: its groups' settings are two.
            return $"{setting.Source}: a group of settings, not one (the README's Configuration lists its settings)";
        }

        if (!string.IsNullOrWhiteSpace(setting.Value) && Bind(setting.Key, setting.Value) is Binding.Read)
        {
            return null;
        }

        if (setting.FromCommandLine)
        {
            // Every option sets a text setting, which takes any value but an empty one.
            return $"{setting.Source}: empty value (expected {setting.Expected})";
        }

        if (KindOf(setting.Key) is not { } kind)
        {
            return $"{setting.Source}: not a setting of velib (the README's Configuration lists them)";
        }

        // A text setting's own check says what it takes ('no station code given (use codes like 16107,32017 or 'all')'): left to it.
        if (kind.Expected is null && string.IsNullOrWhiteSpace(setting.Value)
            && Validated([setting]).Failures?.Any(f => f.StartsWith($"{setting.Key}: ", StringComparison.OrdinalIgnoreCase)) == true)
        {
            return null;
        }

        // A whole number past the binder's range ('99999999999') is named by the setting's range, as the edge of that range would be.
        if (kind.Probe == WholeNumberProbe && BigInteger.TryParse(setting.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            && Validated([setting with { Value = (number.Sign < 0 ? int.MinValue : int.MaxValue).ToString(CultureInfo.InvariantCulture) }]) is { Failed: true } edge)
        {
            return Named(edge.Failures.First(), [setting]);
        }

        var expected = kind.Expected is null ? "" : $" (expected {kind.Expected})";
        return string.IsNullOrWhiteSpace(setting.Value)
            ? $"{setting.Source}: empty value{expected}"
            : $"{setting.Source}: '{setting.Value}' is not {kind.Expected}";
    }

    /// <summary>What a setting takes: the first kind of value it reads; null when it is no setting.</summary>
    private static (string Probe, string? Expected)? KindOf(string key) =>
        Kinds.Where(k => Bind(key, k.Probe) is Binding.Read).Select(k => ((string, string?)?)k).FirstOrDefault();

    /// <summary>How one key binds alone into a fresh <see cref="VelibOptions"/>.</summary>
    private static Binding Bind(string key, string value)
    {
        var configuration = new ReadTrackingConfiguration([new Setting(key, value, key)]);
        try
        {
            new ConfigurationBuilder().Add(configuration).Build().GetSection(VelibOptions.SectionName)
                .Bind(new VelibOptions(), binder => binder.ErrorOnUnknownConfiguration = true);
            return configuration.WasRead(key) ? Binding.Read : Binding.Unread;
        }
        catch (InvalidOperationException)
        {
            return Binding.Refused;
        }
    }

    private static ValidateOptionsResult Validated(IEnumerable<Setting> settings)
    {
        var options = new VelibOptions();
        SettingSources.Configuration(settings).GetSection(VelibOptions.SectionName).Bind(options);
        return new VelibOptionsValidator().Validate(Options.DefaultName, options);
    }

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
        return setting is null ? $"{NameOfUnset(key, settings)}: {rest}"
            : annotation.Success ? $"{setting.Source}: '{setting.Value}' {rest}"
            : Duration(setting) is { } duration ? $"{setting.Source}: {duration} {rest}"
            : $"{setting.Source}: {rest}";
    }

    /// <summary>
    /// A key the user did not give (an override's missing postcode, an override's code) named as the keys beside it
    /// were given: <c>Velib__PostcodeOverrides__16107__Postcode</c> beside the variable <c>Velib__PostcodeOverrides__16107__City</c>.
    /// </summary>
    private static string NameOfUnset(string key, IReadOnlyList<Setting> settings)
    {
        var parent = key[..Math.Max(0, key.LastIndexOf(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal))] + ConfigurationPath.KeyDelimiter;
        return settings.Any(s => s.Source.StartsWith(SettingSources.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && s.Key.StartsWith(parent, StringComparison.OrdinalIgnoreCase))
            ? key.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal)
            : key;
    }

    /// <summary>A duration's value as given, and its days when it has any (<c>'10' (10 days)</c>: a bare number is days); null for other settings.</summary>
    private static string? Duration(Setting setting) =>
        KindOf(setting.Key)?.Probe != DurationProbe ? null
            : TimeSpan.TryParse(setting.Value, CultureInfo.InvariantCulture, out var duration) && duration.Days != 0
                ? string.Create(CultureInfo.InvariantCulture, $"'{setting.Value}' ({duration.TotalDays:0.###} day{(duration.TotalDays == 1 ? "" : "s")})")
                : $"'{setting.Value}'";

    [GeneratedRegex(@"^\w+: The field VelibOptions\.(?<path>[\w.]+) (?<rest>.+)$", RegexOptions.Singleline)]
    private static partial Regex AnnotationFailure();

    // The key ends at the first ": ", whatever its parts hold (an override's code may hold anything); the rest may hold line breaks.
    [GeneratedRegex(@"^(?<key>Velib:.*?): (?<rest>.+)$", RegexOptions.Singleline)]
    private static partial Regex KeyFailure();

    private enum Binding
    {
        /// <summary>The binder throws: a key no options class has, or a value that does not convert.</summary>
        Refused,

        /// <summary>Bound without error, and without reading the value: the key sets nothing.</summary>
        Unread,

        Read,
    }
}
