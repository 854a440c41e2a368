using System.Numerics;

namespace AdaShare.Data.Scenes;

/// <summary>Pinhole intrinsics in pixels; pixel (x, y) has its centre at (x + 0.5, y + 0.5).</summary>
public readonly record struct CameraIntrinsics(float Fx, float Fy, float Cx, float Cy)
{
    public static CameraIntrinsics FromFov(int height, int width, float horizontalFovDegrees)
    {
        float fx = width * 0.5f / MathF.Tan(horizontalFovDegrees * MathF.PI / 360f);
        return new CameraIntrinsics(fx, fx, width * 0.5f, height * 0.5f);
    }
}

/// <summary>A pinhole camera: position and orthonormal frame (x right, y down, z forward) in world coordinates (y up).</summary>
public readonly record struct SceneCamera(Vector3 Position, Vector3 Right, Vector3 Down, Vector3 Forward, CameraIntrinsics Intrinsics)
{
    public static SceneCamera LookFrom(Vector3 position, float yaw, float pitch, CameraIntrinsics k)
    {
        // yaw about world y (0 looks along +z), pitch > 0 looks up
        var forward = new Vector3(MathF.Sin(yaw) * MathF.Cos(pitch), MathF.Sin(pitch), MathF.Cos(yaw) * MathF.Cos(pitch));
        var right = Vector3.Normalize(Vector3.Cross(Vector3.UnitY, forward));
        var down = Vector3.Cross(right, forward);
        return new SceneCamera(position, right, down, forward, k);
    }

    /// <summary>World point → camera frame (x right, y down, z forward).</summary>
    public Vector3 ToCamera(Vector3 world)
    {
        Vector3 v = world - Position;
        return new Vector3(Vector3.Dot(v, Right), Vector3.Dot(v, Down), Vector3.Dot(v, Forward));
    }

    public Vector3 DirectionToCamera(Vector3 world) => new(Vector3.Dot(world, Right), Vector3.Dot(world, Down), Vector3.Dot(world, Forward));
}
