using System.Text;

namespace SmartHomeCam.Server.Cli;

/// <summary>Reads a password from the terminal without echoing it.</summary>
internal static class PasswordPrompt
{
    public static string Read(TextWriter output)
    {
        if (Console.IsInputRedirected)
        {
            throw new UsageException("no terminal to prompt on; pass --password-stdin and pipe the password.");
        }

        output.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
    }
}
