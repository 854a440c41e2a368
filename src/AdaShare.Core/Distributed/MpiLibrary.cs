using System.Runtime.InteropServices;

namespace AdaShare.Distributed;

/// <summary>
/// The few MPI functions we call, bound at run time from Open MPI's libmpi.so.40 (Debian package libopenmpi3, pulled in
/// by openmpi-bin). Open MPI's handles are pointers: MPI_COMM_WORLD, MPI_FLOAT, MPI_DOUBLE, MPI_BYTE and MPI_SUM are
/// the addresses of exported globals, MPI_IN_PLACE is (void*)1. Other MPI implementations (MPICH: integer handles)
/// have another ABI and are not supported.
/// </summary>
internal sealed unsafe class MpiLibrary
{
    public const string DefaultName = "libmpi.so.40";
    public const string DebianPackage = "openmpi-bin (libopenmpi3)";
    public const int Success = 0;
    public const int ThreadMultiple = 3;
    public static readonly void* InPlace = (void*)1;

    private MpiLibrary(IntPtr handle, string path)
    {
        Path = path;
        CommWorld = Export(handle, "ompi_mpi_comm_world");
        Float = Export(handle, "ompi_mpi_float");
        Double = Export(handle, "ompi_mpi_double");
        Byte = Export(handle, "ompi_mpi_byte");
        Sum = Export(handle, "ompi_mpi_op_sum");
        Initialized = (delegate* unmanaged<int*, int>)Export(handle, "MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Export(handle, "MPI_Finalized");
        InitThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export(handle, "MPI_Init_thread");
        Finalize = (delegate* unmanaged<int>)Export(handle, "MPI_Finalize");
        CommRank = (delegate* unmanaged<IntPtr, int*, int>)Export(handle, "MPI_Comm_rank");
        CommSize = (delegate* unmanaged<IntPtr, int*, int>)Export(handle, "MPI_Comm_size");
        AllReduce = (delegate* unmanaged<void*, void*, int, IntPtr, IntPtr, IntPtr, int>)Export(handle, "MPI_Allreduce");
        Bcast = (delegate* unmanaged<void*, int, IntPtr, int, IntPtr, int>)Export(handle, "MPI_Bcast");
        BarrierFn = (delegate* unmanaged<IntPtr, int>)Export(handle, "MPI_Barrier");
        AbortFn = (delegate* unmanaged<IntPtr, int, int>)Export(handle, "MPI_Abort");
    }

    public string Path { get; }
    public IntPtr CommWorld { get; }
    public IntPtr Float { get; }
    public IntPtr Double { get; }
    public IntPtr Byte { get; }
    public IntPtr Sum { get; }
    public delegate* unmanaged<int*, int> Initialized { get; }
    public delegate* unmanaged<int*, int> Finalized { get; }
    public delegate* unmanaged<int*, byte***, int, int*, int> InitThread { get; }
    public delegate* unmanaged<int> Finalize { get; }
    public delegate* unmanaged<IntPtr, int*, int> CommRank { get; }
    public delegate* unmanaged<IntPtr, int*, int> CommSize { get; }
    public delegate* unmanaged<void*, void*, int, IntPtr, IntPtr, IntPtr, int> AllReduce { get; }
    public delegate* unmanaged<void*, int, IntPtr, int, IntPtr, int> Bcast { get; }
    public delegate* unmanaged<IntPtr, int> BarrierFn { get; }
    public delegate* unmanaged<IntPtr, int, int> AbortFn { get; }

    /// <summary>Loads the library (a name or a path); throws <see cref="DllNotFoundException"/> saying what to install.</summary>
    public static MpiLibrary Load(string nameOrPath)
    {
        // RTLD_GLOBAL: Open MPI's plugins (mca_*.so) resolve symbols of libmpi itself; .NET's default loader keeps them local.
        IntPtr handle = DlOpen(nameOrPath, RtldNow | RtldGlobal);
        if (handle == IntPtr.Zero && !NativeLibrary.TryLoad(nameOrPath, out handle))
            throw new DllNotFoundException($"cannot load the MPI library {nameOrPath}; install the Debian package {DebianPackage}: apt-get install -y openmpi-bin");
        try
        {
            return new MpiLibrary(handle, nameOrPath);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new DllNotFoundException($"{nameOrPath} is not Open MPI's libmpi ({e.Message}); install the Debian package {DebianPackage}", e);
        }
    }

    private static IntPtr Export(IntPtr handle, string name) => NativeLibrary.GetExport(handle, name);

    private const int RtldNow = 2;
    private const int RtldGlobal = 0x100;

    private static IntPtr DlOpen(string name, int flags)
    {
        try
        {
            return dlopen(name, flags);
        }
        catch (DllNotFoundException)
        {
            return IntPtr.Zero; // not glibc (macOS, Windows): fall back to NativeLibrary
        }
    }

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen(string fileName, int flags);

    public void Check(int code, string what)
    {
        if (code != Success)
            throw new InvalidOperationException($"{what} failed with MPI error code {code}");
    }
}
