using System.IO.Abstractions;
using System.Runtime.CompilerServices;
using Registry.Core.Storage;

namespace Registry.Storage.FileSystem;

/// <summary>
/// Keeps blobs as files under a root directory: committed blobs at <c>sha256/ab/cd/&lt;64 hex&gt;</c> and uploads in
/// progress in <c>tmp/</c>, on the same volume so that a commit is an atomic rename.
/// </summary>
/// <remarks>
/// Every call goes through <see cref="IFileSystem"/>, so the same code runs on disk and on a
/// <c>MockFileSystem</c>. Several processes may share one root: commits of the same key race safely, and committing
/// bytes that are stored already refreshes the blob's last write time, which is what <see cref="BlobEntry.LastModified"/>
/// and so the garbage collector's grace period go by.
/// </remarks>
public sealed class FileSystemBlobStore : IBlobStore
{
    /// <summary>Large enough that streaming a package costs few system calls, small enough to stay off the LOH.</summary>
    internal const int BufferSize = 64 * 1024;

    private const string BlobDirectoryName = "sha256";
    private const string TempDirectoryName = "tmp";
    private const string TempFileExtension = ".tmp";

    // A delete pruning an emptied fan-out directory can win the race against a commit that has just created it;
    // trying again a few times makes that race invisible without looping forever on a real fault.
    private const int MaxCommitAttempts = 5;

    private readonly IFileSystem _fileSystem;
    private readonly TimeProvider _timeProvider;
    private readonly string _blobRoot;
    private readonly string _tempRoot;

    /// <summary>Creates a store rooted at <paramref name="rootPath"/>; directories are created when first needed.</summary>
    /// <param name="fileSystem">The file system to store in: the real one or a mock.</param>
    /// <param name="rootPath">The root directory; a relative path is taken from the current directory.</param>
    /// <param name="timeProvider">
    /// The clock that <see cref="DeleteStaleTempFilesAsync"/> ages files by and that dates a blob committed again;
    /// the system clock when null.
    /// </param>
    public FileSystemBlobStore(IFileSystem fileSystem, string rootPath, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        _fileSystem = fileSystem;
        _timeProvider = timeProvider ?? TimeProvider.System;
        RootPath = fileSystem.Path.GetFullPath(rootPath);
        _blobRoot = fileSystem.Path.Combine(RootPath, BlobDirectoryName);
        _tempRoot = fileSystem.Path.Combine(RootPath, TempDirectoryName);
    }

    /// <summary>The absolute root directory that holds <c>sha256/</c> and <c>tmp/</c>.</summary>
    public string RootPath { get; }

    internal IFileSystem FileSystem => _fileSystem;

    /// <inheritdoc />
    public Task<IBlobWriter> CreateWriterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _fileSystem.Directory.CreateDirectory(_tempRoot);
        var tempPath = _fileSystem.Path.Combine(_tempRoot, TempFileOwner.Current.FileName(Guid.NewGuid()) + TempFileExtension);

        // CreateNew rather than Create: a clash of Guids must fail loudly, never mix two uploads in one file.
        var content = _fileSystem.FileStream.New(
            tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize, FileOptions.Asynchronous);
        return Task.FromResult<IBlobWriter>(new FileSystemBlobWriter(this, tempPath, content));
    }

    /// <inheritdoc />
    public string? FindLocalPathOrNull(string key)
    {
        BlobKey.Validate(key, nameof(key));

        // Only the real file system has paths a web server can send from; a mock's paths exist in memory only.
        return _fileSystem is System.IO.Abstractions.FileSystem ? Path.GetFullPath(GetBlobPath(key)) : null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The stream is a seekable file stream, so range reads are a <see cref="Stream.Seek"/>. It shares delete access,
    /// so garbage collection is never blocked by a download in progress.
    /// </remarks>
    public Task<Stream?> OpenReadOrNullAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Opening and catching, rather than asking first, leaves no window for a delete in between.
            Stream stream = _fileSystem.FileStream.New(
                GetBlobPath(key),
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read | FileShare.Delete,
                BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_fileSystem.File.Exists(GetBlobPath(key)));
    }

    /// <inheritdoc />
    /// <remarks>Fan-out directories left empty are removed too, so that collected blobs leave no trail of directories.</remarks>
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        var path = GetBlobPath(key);
        try
        {
            _fileSystem.File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.CompletedTask;
        }

        var leaf = ParentOf(path);
        if (TryDeleteEmptyDirectory(leaf))
        {
            TryDeleteEmptyDirectory(ParentOf(leaf));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Anything that does not follow the layout (stray files, wrong names, uppercase hex, a blob in the wrong fan-out
    /// directory) is skipped rather than reported, since it could not be read back by its key anyway. Blobs deleted
    /// while the listing runs may or may not appear.
    /// </remarks>
    public async IAsyncEnumerable<BlobEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var blobRoot = _fileSystem.DirectoryInfo.New(_blobRoot);
        foreach (var first in ListFanOutDirectories(blobRoot))
        {
            foreach (var second in ListFanOutDirectories(first))
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var entry in ListBlobs(second, first.Name + second.Name))
                {
                    yield return entry;
                }

                // Lets a long listing give its thread back between directories instead of running to the end in one go.
                await Task.Yield();
            }
        }
    }

    /// <summary>
    /// Deletes uploads abandoned by a crash or a kill, which no writer is left to dispose, and nothing else. A temp file's
    /// name records the machine and process that write it (<see cref="TempFileOwner"/>); a file goes when
    /// <list type="bullet">
    /// <item>its writer was a process on this machine that is no longer running, whatever its age: what a host finds at
    /// start-up after being killed; or</item>
    /// <item>it was last written more than <paramref name="olderThan"/> ago and no process on this machine holds it open:
    /// the writer was on another machine sharing the directory (whose processes this one cannot see), or its process id
    /// has been reused. A live upload writes, and so keeps its file young; one silent for that long is dead.</item>
    /// </list>
    /// Files this process is writing, and files of other live processes on this machine that are still being written,
    /// are never touched, so several hosts may share one data directory. <c>BlobStoreMaintenanceService</c> calls this at
    /// start-up and then at every <c>GarbageCollectionInterval</c>.
    /// </summary>
    /// <param name="olderThan">How long a file of a writer this machine cannot see must have been left alone to go.</param>
    /// <param name="cancellationToken">Stops the sweep between files.</param>
    /// <returns>How many files were deleted; files that could not be deleted (in use on Windows) are left for later.</returns>
    public Task<int> DeleteStaleTempFilesAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - olderThan;
        var deleted = 0;
        var tempRoot = _fileSystem.DirectoryInfo.New(_tempRoot);
        if (!tempRoot.Exists)
        {
            return Task.FromResult(0);
        }

        foreach (var file in tempRoot.GetFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var owner = TempFileOwner.FromFileName(_fileSystem.Path.GetFileNameWithoutExtension(file.Name));
                var abandoned = owner is { IsThisMachine: true, IsRunning: false }
                    || (AsUtc(file.LastWriteTimeUtc) < cutoff && !IsOpenOnThisMachine(file.FullName));
                if (abandoned)
                {
                    file.Delete();
                    deleted++;
                }
            }
            catch (IOException)
            {
                // Gone already, or still open on a system that refuses to delete open files: a later sweep retries.
            }
            catch (UnauthorizedAccessException)
            {
                // Same as above: not ours to fight over now.
            }
        }

        return Task.FromResult(deleted);
    }

    /// <summary>
    /// Whether a process on this machine has the file open: .NET on Unix takes an advisory lock on every file it opens
    /// (shared, given the sharing the writer asks for), so asking for an exclusive one fails while a writer lives. Only
    /// the real file system has such locks; a mock's files are held by nobody.
    /// </summary>
    private bool IsOpenOnThisMachine(string path)
    {
        if (_fileSystem is not System.IO.Abstractions.FileSystem)
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The committed path of <paramref name="key"/>, which must have been validated.</summary>
    internal string GetBlobPath(string key) =>
        _fileSystem.Path.Combine(_blobRoot, key[..2], key[2..4], key);

    /// <summary>
    /// Moves a closed temp file to its committed place, or discards it when the blob exists already. Safe against
    /// concurrent committers of the same key: whichever rename loses, its temp file is deleted and it succeeds too.
    /// </summary>
    internal void CommitTempFile(string tempPath, string key)
    {
        var finalPath = GetBlobPath(key);
        var directory = ParentOf(finalPath);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (TryRefresh(finalPath))
                {
                    DeleteTempFile(tempPath);
                    return;
                }

                _fileSystem.Directory.CreateDirectory(directory);

                // Without overwrite, .NET on Unix links then unlinks, which fails atomically when the name is taken.
                _fileSystem.File.Move(tempPath, finalPath, overwrite: false);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < MaxCommitAttempts && _fileSystem.File.Exists(tempPath))
            {
                // A delete pruned a fan-out directory while we were creating or filling it: create it again.
            }
            catch (IOException) when (_fileSystem.File.Exists(finalPath))
            {
                // Someone committed the same bytes first: the next round refreshes theirs and discards ours.
                if (attempt >= MaxCommitAttempts)
                {
                    DeleteTempFile(tempPath);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// When the blob exists, marks it as written now and returns true. A publish that reuses an old blob, perhaps an
    /// orphan that garbage collection is about to delete, thereby restarts its grace period.
    /// </summary>
    private bool TryRefresh(string finalPath)
    {
        // Asking first because MockFileSystem throws NullReferenceException for the time of a missing file.
        if (!_fileSystem.File.Exists(finalPath))
        {
            return false;
        }

        try
        {
            _fileSystem.File.SetLastWriteTimeUtc(finalPath, _timeProvider.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            // It exists; refreshing its time is a courtesy to garbage collection, not worth failing a publish for.
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            // Same: a read-only blob (say, a store restored from a backup) is still the right bytes.
            return true;
        }
    }

    /// <summary>Deletes a temp file; a file or directory that is gone already is not an error.</summary>
    internal void DeleteTempFile(string tempPath)
    {
        try
        {
            _fileSystem.File.Delete(tempPath);
        }
        catch (DirectoryNotFoundException)
        {
            // tmp/ itself is gone, and with it the file.
        }
    }

    private static DateTime AsUtc(DateTime value) =>
        // The mock may hand back an unspecified kind; without this it would be taken as local time.
        DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static List<IDirectoryInfo> ListFanOutDirectories(IDirectoryInfo parent)
    {
        try
        {
            return parent.EnumerateDirectories()
                .Where(d => d.Name.Length == 2 && BlobKey.IsLowerHex(d.Name))
                .ToList();
        }
        catch (DirectoryNotFoundException)
        {
            // Never created yet, or pruned by a delete while we were listing.
            return [];
        }
    }

    // One leaf at a time, so memory stays bounded by a directory, not the store.
    private static List<BlobEntry> ListBlobs(IDirectoryInfo leaf, string prefix)
    {
        var entries = new List<BlobEntry>();
        IFileInfo[] files;
        try
        {
            files = leaf.GetFiles();
        }
        catch (DirectoryNotFoundException)
        {
            return entries;
        }

        foreach (var file in files)
        {
            var name = file.Name;
            if (!BlobKey.IsValid(name) || !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                entries.Add(new BlobEntry(name, file.Length, new DateTimeOffset(AsUtc(file.LastWriteTimeUtc))));
            }
            catch (FileNotFoundException)
            {
                // Deleted between the directory listing and reading its size.
            }
        }

        return entries;
    }

    private bool TryDeleteEmptyDirectory(string path)
    {
        try
        {
            // Non-recursive: fails when a concurrent commit has just put a blob there, which is what we want.
            _fileSystem.Directory.Delete(path, recursive: false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The directory of a path the store built itself under its root, which always has one.</summary>
    private string ParentOf(string path) =>
        _fileSystem.Path.GetDirectoryName(path) ?? throw new InvalidOperationException($"{path} has no parent directory.");
}
