using System.Runtime.InteropServices;

namespace Velib.Cli.Input;

/// <summary>Whether the process started with stdin closed (<c>velib aggregate &lt;&amp;-</c>).</summary>
internal static partial class ClosedStdin
{
    // F_GETFD and FD_CLOEXEC, the same on Linux and macOS.
    private const int GetDescriptorFlags = 1;
    private const int CloseOnExec = 1;

    // The runtime then takes descriptor 0 for a pipe of its own, on which a read waits forever. It opens its files
    // close-on-exec, and an inherited stdin never is (exec would have closed it): that tells the two apart.
    public static bool AtStart => !OperatingSystem.IsWindows() && (Fcntl(0, GetDescriptorFlags) & CloseOnExec) != 0;

    [LibraryImport("libc", EntryPoint = "fcntl")]
    private static partial int Fcntl(int descriptor, int command);
}
