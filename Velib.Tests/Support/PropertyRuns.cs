using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Velib.Tests.Support;

/// <summary>How the FsCheck properties run: from a fixed seed, so every run checks the same scenarios; <c>VELIB_PROPERTY_SEED</c> draws others.</summary>
internal static class PropertyRuns
{
    public static Config Seeded(int scenarios) =>
        Config.QuickThrowOnFailure.WithMaxTest(scenarios).WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed), FSharpOption<int>.None)));

    private static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("VELIB_PROPERTY_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? seed : 20251018;
}
