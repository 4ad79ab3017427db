using System.Net;
using Microsoft.AspNetCore.Http;

namespace Jobs.Dashboard.Security;

/// <summary>Hangfire's rule: a request is local when it comes from a loopback address or from the server's own address.</summary>
internal static class LocalRequests
{
    public static bool IsLocal(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null) return false;
        if (IPAddress.IsLoopback(remote)) return true;
        var local = context.Connection.LocalIpAddress;
        return local is not null && remote.Equals(local);
    }
}
