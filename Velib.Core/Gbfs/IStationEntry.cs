namespace Velib.Core.Gbfs;

/// <summary>One station entry of a GBFS document: what <see cref="GbfsDocumentReader{T}"/> keeps or leaves by its code.</summary>
internal interface IStationEntry
{
    string StationCode { get; }
}
