using System.Net.Sockets;

namespace Jobs.Testing;

/// <summary>Whether a Docker daemon answers here, checked cheaply before Testcontainers is asked.</summary>
internal static class DockerProbe
{
    public static bool Available()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal)) return true; // remote daemon: let Testcontainers try
        var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        if (!File.Exists(path)) return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException) { return false; }
    }
}
