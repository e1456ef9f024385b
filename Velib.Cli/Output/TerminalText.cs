using System.Globalization;
using System.Text;

namespace Velib.Cli.Output;

/// <summary>Text as it may reach a terminal: on one line, and no control character from a bad file or URL acting on it.</summary>
internal static class TerminalText
{
    /// <summary>Line breaks become spaces; other C0 and C1 controls, DEL and ESC included, become a visible <c>\uXXXX</c>.</summary>
    public static string Visible(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings(" ");
        if (!line.Any(char.IsControl))
        {
            return line;
        }

        var visible = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            if (char.IsControl(c) && c != '\t')
            {
                visible.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                visible.Append(c);
            }
        }

        return visible.ToString();
    }
}
