using System.Collections.Immutable;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Security.Cryptography;

namespace Registry.Formats.Tests.NuGet;

/// <summary>Symbol packages: push beside the package, and the symbol server with its SymbolChecksum check.</summary>
public sealed class NuGetSymbolsTests : IDisposable
{
    private const string Base = NuGetHostFactory.Base;
    private readonly NuGetHostFactory _host = new(new Dictionary<string, string?> { ["PackageRegistry:NuGet:SymbolServerEnabled"] = "true" });
    private readonly HttpClient _client;

    public NuGetSymbolsTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_pushed_symbol_package_serves_its_pdb_to_a_debugger_that_names_signature_and_checksum()
    {
        var nupkg = NuGetHostFactory.Nupkg("Demo.Sym", "1.0.0");
        (await _client.SendAsync(NuGetHostFactory.Push(nupkg))).StatusCode.Should().Be(HttpStatusCode.Created);
        var (pdb, signature, checksum) = PortablePdb();

        var push = await _client.SendAsync(PushSymbols(Snupkg("Demo.Sym", "1.0.0", pdb)));
        push.StatusCode.Should().Be(HttpStatusCode.Created, await push.Content.ReadAsStringAsync());

        using var debugger = _host.CreateClient();
        var path = $"symbolfiles/demo.sym.pdb/{signature}/demo.sym.pdb";
        var download = await debugger.SendAsync(SymbolRequest(Base + "/" + path, $"SHA256:{checksum}"));
        download.StatusCode.Should().Be(HttpStatusCode.OK, await download.Content.ReadAsStringAsync());
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(pdb);

        var throughGroup = await debugger.SendAsync(SymbolRequest("/api/v4/groups/demo/-/packages/nuget/" + path, $"SHA1:00;SHA256:{checksum.ToUpperInvariant()}"));
        throughGroup.StatusCode.Should().Be(HttpStatusCode.OK);

        (await debugger.SendAsync(SymbolRequest(Base + "/" + path, "SHA256:" + new string('0', 64)))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await debugger.SendAsync(SymbolRequest(Base + "/" + path.Replace(signature[..8], "00000000", StringComparison.Ordinal), $"SHA256:{checksum}"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await debugger.SendAsync(SymbolRequest(Base + "/" + path, checksum: null))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var package = await _client.SendAsync(NuGetHostFactory.Read("download/demo.sym/1.0.0/demo.sym.1.0.0.nupkg"));
        (await package.Content.ReadAsByteArrayAsync()).Should().Equal(nupkg);
    }

    [Fact]
    public async Task Symbols_for_a_missing_package_are_404_and_a_package_that_is_no_symbol_package_is_400_with_nothing_stored()
    {
        var (pdb, _, _) = PortablePdb();
        (await _client.SendAsync(PushSymbols(Snupkg("Missing.Sym", "1.0.0", pdb)))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        _host.StoredFiles().Should().BeEmpty();

        var notSymbols = await _client.SendAsync(PushSymbols(NuGetHostFactory.Nupkg("Missing.Sym", "1.0.0")));
        notSymbols.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notSymbols.Content.ReadAsStringAsync()).Should().Contain("SymbolsPackage");

        var notPdb = await _client.SendAsync(PushSymbols(Snupkg("Missing.Sym", "1.0.0", [1, 2, 3, 4])));
        notPdb.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notPdb.Content.ReadAsStringAsync()).Should().Contain("portable PDB");

        (await _client.SendAsync(PushSymbols([0x50, 0x4b, 9, 9]))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _host.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task The_symbol_server_answers_403_when_disabled()
    {
        using var host = new NuGetHostFactory();
        using var client = host.CreateClient();
        var response = await client.SendAsync(SymbolRequest(Base + "/symbolfiles/a.pdb/" + new string('0', 40) + "/a.pdb", "SHA256:" + new string('0', 64)));
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static HttpRequestMessage SymbolRequest(string path, string? checksum)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (checksum is not null)
        {
            request.Headers.Add("SymbolChecksum", checksum);
        }

        return request;
    }

    private static HttpRequestMessage PushSymbols(byte[] snupkg)
    {
        var request = NuGetHostFactory.Push(snupkg);
        request.RequestUri = new Uri(Base + "/symbolpackage", UriKind.Relative);
        return request;
    }

    private static byte[] Snupkg(string id, string version, byte[] pdb)
    {
        var nuspec = NuGetHostFactory.Nuspec(id, version).Replace("<dependencies>", "<packageTypes><packageType name=\"SymbolsPackage\" /></packageTypes><dependencies>", StringComparison.Ordinal);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            NuGetHostFactory.Write(zip, $"{id}.nuspec", nuspec);
            using var entry = zip.CreateEntry($"lib/netstandard2.0/{id}.pdb").Open();
            entry.Write(pdb);
        }

        return buffer.ToArray();
    }

    /// <summary>A minimal portable PDB, its SSQP signature and its checksum (SHA-256 with the 20-byte PDB id zeroed).</summary>
    private static (byte[] Pdb, string Signature, string Checksum) PortablePdb()
    {
        var metadata = new MetadataBuilder();
        metadata.AddDocument(metadata.GetOrAddDocumentName("/src/Hello.cs"), default, default, default);
        var rowCounts = ImmutableArray.Create(new int[MetadataTokens.TableCount]);
        var builder = new PortablePdbBuilder(metadata, rowCounts, default, blobs => new BlobContentId(Guid.NewGuid(), 0x12345678));
        var blob = new BlobBuilder();
        var id = builder.Serialize(blob);
        var pdb = blob.ToArray();

        var idBytes = id.Guid.ToByteArray().Concat(BitConverter.GetBytes(id.Stamp)).ToArray();
        var at = pdb.AsSpan().IndexOf(idBytes);
        at.Should().BeGreaterThan(0);
        var zeroed = (byte[])pdb.Clone();
        Array.Clear(zeroed, at, 20);
        return (pdb, id.Guid.ToString("N") + "FFFFFFFF", Convert.ToHexStringLower(SHA256.HashData(zeroed)));
    }
}
