using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;

namespace Registry.Storage.Tests.FileSystem;

/// <summary>
/// A <see cref="MockFileSystem"/> whose <c>File.Move</c> runs a hook first, to put a competing commit or delete
/// exactly into the window that real races only hit now and then.
/// </summary>
internal sealed class HookedFileSystem : IFileSystem
{
    private readonly MockFileSystem _inner = new();
    private readonly HookedFile _file;

    public HookedFileSystem() => _file = new HookedFile(_inner);

    /// <summary>Called with the source and destination of every move, before it happens.</summary>
    public Action<string, string>? BeforeMove
    {
        get => _file.BeforeMove;
        set => _file.BeforeMove = value;
    }

    public IFile File => _file;
    public IDirectory Directory => _inner.Directory;
    public IFileInfoFactory FileInfo => _inner.FileInfo;
    public IFileStreamFactory FileStream => _inner.FileStream;
    public IPath Path => _inner.Path;
    public IDirectoryInfoFactory DirectoryInfo => _inner.DirectoryInfo;
    public IDriveInfoFactory DriveInfo => _inner.DriveInfo;
    public IFileSystemWatcherFactory FileSystemWatcher => _inner.FileSystemWatcher;
    public IFileVersionInfoFactory FileVersionInfo => _inner.FileVersionInfo;
#pragma warning disable CA1416 // Only here to satisfy the interface; no test calls it.
    public IRandomAccess RandomAccess => _inner.RandomAccess;
#pragma warning restore CA1416

    private sealed class HookedFile(MockFileSystem fileSystem) : MockFile(fileSystem)
    {
        public Action<string, string>? BeforeMove { get; set; }

        public override void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            BeforeMove?.Invoke(sourceFileName, destFileName);
            base.Move(sourceFileName, destFileName, overwrite);
        }
    }
}
