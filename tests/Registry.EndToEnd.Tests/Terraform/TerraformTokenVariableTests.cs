using System.Net;
using System.Net.Sockets;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Terraform;

/// <summary>
/// <c>TF_TOKEN_&lt;host&gt;</c> names a host without a port (the variable name has no place for one: terraform turns
/// <c>_</c> into <c>.</c> and <c>__</c> into <c>-</c>, never into <c>:</c>), so it works only for a registry on the
/// default HTTPS port. The test runs as root, so the sample host listens on 127.0.0.1:443, and terraform addresses it as
/// <c>127.0.0.1</c> with the token in <c>TF_TOKEN_127_0_0_1</c>.
/// </summary>
public sealed class TerraformTokenVariableTests : IClassFixture<TerraformTokenVariableTests.Host>, IDisposable
{
    private readonly Host _host;
    private readonly TerraformWorkspace _terraform;

    public TerraformTokenVariableTests(Host host)
    {
        _host = host;
        _terraform = new TerraformWorkspace(host);
    }

    public void Dispose() => _terraform.Dispose();

    [ClientFact("terraform", "curl", "tar")]
    public async Task TF_TOKEN_for_the_port_less_host_installs_a_private_module()
    {
        var name = "m" + Guid.NewGuid().ToString("N")[..10];
        await _terraform.PublishAsync("demo/app", name, "local", "1.2.3", SampleHostProcess.AdminToken);
        _terraform.Environment["TF_TOKEN_127_0_0_1"] = SampleHostProcess.AdminToken;
        await _terraform.UseModuleAsync($"127.0.0.1/demo/{name}/local", ">= 1.0.0");

        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().Be(0, init.StdOut + init.StdErr + _host.Output);
        (await _terraform.InstalledVersionAsync()).Should().Be("1.2.3");
    }

    /// <summary>The sample host process serving HTTPS on 127.0.0.1:443 (binding a port below 1024 needs root, which the tests run as).</summary>
    public sealed class Host : SampleHostProcess, IAsyncLifetime
    {
        public Host()
        {
            Https = true;
            Port = 443;
        }

        async Task IAsyncLifetime.InitializeAsync()
        {
            EnsurePortFree();
            await base.InitializeAsync();
        }

        private static void EnsurePortFree()
        {
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, 443);
                probe.Start();
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException(
                    "TF_TOKEN_127_0_0_1 needs the registry on 127.0.0.1:443, which cannot be bound here (not root, or in use): " + ex.Message, ex);
            }
        }
    }
}
