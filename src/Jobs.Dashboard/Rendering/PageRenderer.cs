using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Rendering;

/// <summary>
/// Renders a page component to HTML on the server (static rendering: no circuit, no WebAssembly). The view and the
/// page's model reach the components as cascading values, so they stay internal types.
/// </summary>
internal sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggers)
{
    public async Task<IResult> RenderAsync<TPage, TModel>(DashboardView view, TModel model, int status = StatusCodes.Status200OK) where TPage : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            RenderFragment page = b =>
            {
                b.OpenComponent<CascadingValue<DashboardView>>(0);
                b.AddComponentParameter(1, nameof(CascadingValue<DashboardView>.Value), view);
                b.AddComponentParameter(2, nameof(CascadingValue<DashboardView>.IsFixed), true);
                b.AddComponentParameter(3, nameof(CascadingValue<DashboardView>.ChildContent), (RenderFragment)(inner =>
                {
                    inner.OpenComponent<CascadingValue<TModel>>(0);
                    inner.AddComponentParameter(1, nameof(CascadingValue<TModel>.Value), model);
                    inner.AddComponentParameter(2, nameof(CascadingValue<TModel>.IsFixed), true);
                    inner.AddComponentParameter(3, nameof(CascadingValue<TModel>.ChildContent), (RenderFragment)(p =>
                    {
                        p.OpenComponent<TPage>(0);
                        p.CloseComponent();
                    }));
                    inner.CloseComponent();
                }));
                b.CloseComponent();
            };
            var output = await renderer.RenderComponentAsync<FragmentHost>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Content"] = page }));
            return output.ToHtmlString();
        });
        return Results.Content("<!DOCTYPE html>\n" + html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Renders the fragment it is given: the root of a page.</summary>
    private sealed class FragmentHost : IComponent
    {
        private RenderHandle _handle;

        public void Attach(RenderHandle renderHandle) => _handle = renderHandle;

        public Task SetParametersAsync(ParameterView parameters)
        {
            var content = parameters.GetValueOrDefault<RenderFragment>("Content");
            _handle.Render(content ?? (_ => { }));
            return Task.CompletedTask;
        }
    }
}
