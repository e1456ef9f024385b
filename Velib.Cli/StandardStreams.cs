using System.Runtime.InteropServices;

namespace Velib.Cli;

/// <summary>Whether the process started with a standard stream closed (<c>velib aggregate &lt;&amp;-</c>, <c>&gt;&amp;-</c>).</summary>
internal static partial class StandardStreams
{
    public const int Stdin = 0;
    public const int Stdout = 1;
    public const int Stderr = 2;

    // F_GETFD and FD_CLOEXEC, the same on Linux and macOS.
    private const int GetDescriptorFlags = 1;
    private const int CloseOnExec = 1;

    // The runtime then takes the descriptor for a file of its own (a pipe on which a read waits forever, and into which
    // results would vanish; /dev/urandom or a copy of stderr in the native velib). It opens its files close-on-exec, and
    // an inherited stream never is (exec would have closed it): that tells the two apart.
    public static bool ClosedAtStart(int descriptor) =>
        !OperatingSystem.IsWindows() && Fcntl(descriptor, GetDescriptorFlags) is var flags && (flags == -1 || (flags & CloseOnExec) != 0);

    /// <summary><paramref name="path"/>, unless the process has no stdin and the path leads to descriptor 0 (<c>/dev/stdin</c>, <c>/dev/fd/0</c>, a link to them).</summary>
    /// <exception cref="IOException">It does: its read would wait forever on the runtime's pipe, or read the runtime's file.</exception>
    public static string NotClosedStdin(string path, CliContext cli) =>
        cli.Stdin is null && LastLinkTarget(path) is { } target && target == LastLinkTarget("/proc/self/fd/0")
            ? throw new IOException($"{path}: Bad file descriptor (stdin is closed)")
            : path;

    // The last target of a chain of links, as written: /dev/stdin → /proc/self/fd/0 → pipe:[123], which is no path.
    private static string? LastLinkTarget(string path)
    {
        string? target = null;
        for (var hops = 0; hops < 40 && new FileInfo(path).LinkTarget is { } next; hops++)
        {
            target = next;
            path = Path.Combine(Path.GetDirectoryName(path) ?? "/", next);
        }

        return target;
    }

    // The system's libc only: a libc.so beside the executable (an archive unpacked in ~/Downloads) was loaded and run.
    [LibraryImport("libc", EntryPoint = "fcntl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    private static partial int Fcntl(int descriptor, int command);
}
