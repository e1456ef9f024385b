namespace Velib.Core.Gbfs;

/// <summary>A GBFS station document, by its file name and the member every entry of it has.</summary>
public sealed record GbfsKind(string Name, string Member)
{
    public static readonly GbfsKind Status = new("station_status.json", "num_bikes_available");

    public static readonly GbfsKind Information = new("station_information.json", "lat");
}
