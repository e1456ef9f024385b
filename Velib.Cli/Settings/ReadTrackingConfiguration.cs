using Microsoft.Extensions.Configuration;

namespace Velib.Cli.Settings;

/// <summary>
/// Settings as a configuration that records which of its keys are read: a key the binder never reads sets nothing
/// (<c>Velib__Stations__0</c>, below a setting that is no group), though binding it raises no error.
/// </summary>
internal sealed class ReadTrackingConfiguration : ConfigurationProvider, IConfigurationSource
{
    private readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);

    public ReadTrackingConfiguration(IEnumerable<Setting> settings)
    {
        foreach (var setting in settings)
        {
            Data[setting.Key] = setting.Value;
        }
    }

    public bool WasRead(string key) => read.Contains(key);

    public override bool TryGet(string key, out string? value)
    {
        var found = base.TryGet(key, out value);
        if (found)
        {
            read.Add(key);
        }

        return found;
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
}
