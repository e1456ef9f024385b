using Velib.Core;

namespace Velib.Cli.Input;

/// <summary>A local input file, each way of not being one told apart, naming the path as given.</summary>
internal static class LocalFile
{
    /// <exception cref="InvalidDataException">The path is no readable file: missing, a directory, not allowed.</exception>
    public static FileStream OpenRead(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"{path}: is a directory, not a file");
        }

        try
        {
            // No buffer of its own: RecordLineReader has one.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"{path}: no such file", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {FileErrorText.Reason(ex)}", ex);
        }
    }
}
