using Velib.Core;

namespace Velib.Tests;

/// <summary>A file error's reason without the path the runtime names again (the CLI's tests read the whole lines).</summary>
public class FileErrorTextTests
{
    public static TheoryData<Exception, string> Errors => new()
    {
        { new IOException("No such device or address : '/tmp/sock'"), "No such device or address" },
        { new IOException("Input/output error : '/proc/self/mem'"), "Input/output error" },
        { new UnauthorizedAccessException("Access to the path '/tmp/x.json' is denied."), "Permission denied" },
        { new PathTooLongException("The path '/tmp/x' is too long, or a component of the specified path is too long."), "The path '/tmp/x' is too long, or a component of the specified path is too long." },
        { new IOException("one line\nand another"), "one line and another" },
        { new IOException("Too many levels of symbolic links : '/tmp/a : 'b'"), "Too many levels of symbolic links" }, // a path may hold " : '"
        { new UnauthorizedAccessException("Access to the path '/tmp/x' is denied.", new IOException("Operation not permitted")), "Operation not permitted" }, // EPERM, not EACCES
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void The_reason_is_the_runtime_s_without_the_path(Exception error, string reason) => Assert.Equal(reason, FileErrorText.Reason(error));
}
