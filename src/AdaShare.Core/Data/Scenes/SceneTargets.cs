using System.Numerics;
using AdaShare.Data.Scenes.Shapes;

namespace AdaShare.Data.Scenes;

/// <summary>Targets derived from the rendered buffers: occlusion edges and keypoint heat maps.</summary>
public static class SceneTargets
{
    /// <summary>
    /// Binary occlusion edges: a pixel is 1 where a 4-neighbour belongs to another instance and the z-depth jumps
    /// by more than <paramref name="ratio"/> of the nearer depth (both sides of the discontinuity are marked);
    /// creases (wall–floor, object resting on the floor) are continuous in depth and stay 0, and room surfaces never
    /// occlude each other (the room is convex).
    /// </summary>
    public static void OcclusionEdges(ReadOnlySpan<float> depth, ReadOnlySpan<int> instance, int height, int width, float ratio, Span<float> edge)
    {
        edge[..(height * width)].Clear();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                if (x + 1 < width) Mark(p, p + 1, depth, instance, ratio, edge);
                if (y + 1 < height) Mark(p, p + width, depth, instance, ratio, edge);
            }
        }
    }

    private static void Mark(int p, int q, ReadOnlySpan<float> depth, ReadOnlySpan<int> instance, float ratio, Span<float> edge)
    {
        int ip = instance[p], iq = instance[q];
        if (ip == iq) return;
        // the room is convex: two room surfaces never occlude each other (their jumps are grazing-angle creases)
        if (ip < SceneRenderer.FirstObjectInstance && iq < SceneRenderer.FirstObjectInstance) return;
        float a = depth[p], b = depth[q];
        if (MathF.Abs(a - b) > ratio * MathF.Min(a, b)) { edge[p] = 1f; edge[q] = 1f; }
    }

    /// <summary>
    /// Keypoint heat map: a Gaussian blob (peak 1, max-combined) at the projection of every visible keypoint of
    /// every object (box corners, sphere top, cylinder top centre and rim, cone apex and base rim). A keypoint is
    /// visible when it projects inside the image and the rendered depth there is not much nearer than it.
    /// </summary>
    public static void Keypoints(SceneDescription scene, ReadOnlySpan<float> depth, int height, int width, float sigma, Span<float> heat)
    {
        heat[..(height * width)].Clear();
        var cam = scene.Camera;
        var k = cam.Intrinsics;
        Span<Vector3> pts = stackalloc Vector3[SceneObject.MaxKeypoints];
        int radius = (int)MathF.Ceiling(3 * sigma);
        float inv2s2 = 1f / (2 * sigma * sigma);
        foreach (var ob in scene.Objects)
        {
            int m = ob.Keypoints(pts);
            for (int i = 0; i < m; i++)
            {
                Vector3 c = cam.ToCamera(pts[i]);
                if (c.Z < 0.05f) continue;
                float u = k.Fx * c.X / c.Z + k.Cx, v = k.Fy * c.Y / c.Z + k.Cy;
                int ix = (int)MathF.Floor(u), iy = (int)MathF.Floor(v);
                if (ix < 0 || iy < 0 || ix >= width || iy >= height) continue;
                if (!Visible(depth, width, height, ix, iy, c.Z)) continue;
                for (int y = Math.Max(0, iy - radius); y <= Math.Min(height - 1, iy + radius); y++)
                {
                    float dy = y + 0.5f - v;
                    for (int x = Math.Max(0, ix - radius); x <= Math.Min(width - 1, ix + radius); x++)
                    {
                        float dx = x + 0.5f - u;
                        float g = MathF.Exp(-(dx * dx + dy * dy) * inv2s2);
                        int p = y * width + x;
                        if (g > heat[p]) heat[p] = g;
                    }
                }
            }
        }
    }

    /// <summary>Visible if any pixel of the 3×3 neighbourhood shows a surface at least as far as the point (minus a tolerance).</summary>
    private static bool Visible(ReadOnlySpan<float> depth, int width, int height, int ix, int iy, float z)
    {
        float tol = 0.05f + 0.03f * z;
        for (int y = Math.Max(0, iy - 1); y <= Math.Min(height - 1, iy + 1); y++)
            for (int x = Math.Max(0, ix - 1); x <= Math.Min(width - 1, ix + 1); x++)
                if (depth[y * width + x] >= z - tol) return true;
        return false;
    }
}
