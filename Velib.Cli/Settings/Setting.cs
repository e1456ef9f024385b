namespace Velib.Cli.Settings;

/// <summary>One value of the <c>Velib</c> configuration, with the name the user gave it, for messages.</summary>
/// <param name="Key">The configuration key: <c>Velib:Geocoder:Enabled</c>.</param>
/// <param name="Source">As the user wrote it: <c>Velib__Geocoder__Enabled</c> (environment) or <c>--geocoder</c> (option).</param>
/// <param name="Expected">What an option takes (its help name); null for an environment variable.</param>
internal sealed record Setting(string Key, string Value, string Source, string? Expected = null)
{
    public bool FromCommandLine => Expected is not null;
}
