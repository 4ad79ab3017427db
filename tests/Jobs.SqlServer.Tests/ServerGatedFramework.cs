using Jobs.Conformance;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Jobs.SqlServer.Tests.ServerGatedFramework", "Jobs.SqlServer.Tests")]

namespace Jobs.SqlServer.Tests;

/// <summary>
/// xunit's framework with one change at discovery: without a SQL Server (<see cref="SqlServerTarget"/>), every test
/// of a class that needs one (a conformance suite, or a class marked <see cref="NeedsSqlServerAttribute"/>) is
/// reported as a skipped test case with the reason, never run and never counted as passed. The conformance tests are
/// plain [Fact]s of the shared suite, so the decision has to be made here, per store project, not in their attribute.
/// </summary>
public sealed class ServerGatedFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo)
        => new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assembly, ISourceInformationProvider sources, IMessageSink diagnostics)
        : XunitTestFrameworkDiscoverer(assembly, sources, diagnostics)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus,
            ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var reason = SkipReason(testMethod.TestClass.Class);
            if (reason is null) return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            if (!testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).Any()) return true;
            var skipped = new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
            return ReportDiscoveredTestCase(skipped, includeSourceInformation, messageBus);
        }

        private static string? SkipReason(ITypeInfo type)
        {
            if (type is not IReflectionTypeInfo { Type: var t }) return null;
            var needsServer = typeof(ConformanceBase).IsAssignableFrom(t) || t.IsDefined(typeof(NeedsSqlServerAttribute), inherit: true);
            return needsServer ? SqlServerTarget.SkipReason : null;
        }
    }
}

/// <summary>Marks a test class that needs a SQL Server: its tests are skipped where none is available.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class NeedsSqlServerAttribute : Attribute;
