using Microsoft.Playwright;
using Xunit;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>One Chromium (and one Playwright driver) for every browser test; each test takes a fresh context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private ChromiumProcess? _chromium;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/dashboard at the repository root.</summary>
    public static string Screenshots { get; } = Path.Combine(RepositoryRoot(), "TestResults", "dashboard");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Screenshots);
        _chromium = await ChromiumProcess.StartAsync();
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.ConnectOverCDPAsync(_chromium.Endpoint);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 860, string? theme = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // destructive actions ask; the tests say yes
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        _chromium?.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Jobs.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
