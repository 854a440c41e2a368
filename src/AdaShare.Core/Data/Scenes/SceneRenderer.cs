using System.Numerics;
using AdaShare.Data.Scenes.Shapes;

namespace AdaShare.Data.Scenes;

/// <summary>
/// Ray caster with analytic intersections: one primary ray per pixel (through the pixel centre), Lambertian
/// shading from point lights with inverse-square fall-off, one shadow ray per light, an ambient term, a
/// soft tone curve and additive Gaussian sensor noise. Writes RGB, class, z-depth, camera-frame normal
/// and instance id per pixel. Allocation free per ray; objects are pre-sorted by distance and culled per pixel
/// by the screen rectangle of their bounding sphere.
/// </summary>
public static class SceneRenderer
{
    /// <summary>Instance ids: room surfaces 0..5 (floor, ceiling, x−, x+, z−, z+ walls), objects 6 + i.</summary>
    public const int FirstObjectInstance = 6;

    public static void Render(SceneDescription scene, int height, int width, float noiseStd, bool shadows,
        Span<float> image, Span<float> segmentation, Span<float> depth, Span<float> normal, Span<int> instance)
    {
        int hw = height * width;
        if (image.Length < 3 * hw || segmentation.Length < hw || depth.Length < hw || normal.Length < 3 * hw || instance.Length < hw)
            throw new ArgumentException("output buffers too small");

        var cam = scene.Camera;
        var k = cam.Intrinsics;
        Vector3 o = cam.Position;

        // Objects sorted near to far; per-object screen rectangles of the bounding sphere.
        var objs = scene.Objects;
        int n = objs.Length;
        Span<int> order = n <= 64 ? stackalloc int[n] : new int[n];
        Span<float> keys = n <= 64 ? stackalloc float[n] : new float[n];
        for (int i = 0; i < n; i++) { order[i] = i; keys[i] = Vector3.DistanceSquared(objs[i].Center, o); }
        keys.Sort(order);
        Span<int> rect = n <= 64 ? stackalloc int[4 * n] : new int[4 * n];
        for (int j = 0; j < n; j++)
        {
            ref readonly var ob = ref objs[order[j]];
            ScreenRect(cam, ob.Center, ob.BoundRadius, height, width, out rect[4 * j], out rect[4 * j + 1], out rect[4 * j + 2], out rect[4 * j + 3]);
        }

        Vector3 rmin = scene.RoomMin, rmax = scene.RoomMax;
        var lights = scene.Lights;

        // Shadow culling: per (light, object) the cone of directions from the light that meets the object's bounding
        // sphere (unit axis, cosine of the half angle) and the nearest distance of the sphere from the light.
        int nl = lights.Length;
        Span<Vector3> coneAxis = nl * n <= 128 ? stackalloc Vector3[nl * n] : new Vector3[nl * n];
        Span<float> coneCos = nl * n <= 128 ? stackalloc float[nl * n] : new float[nl * n];
        Span<float> coneNear = nl * n <= 128 ? stackalloc float[nl * n] : new float[nl * n];
        for (int li = 0; li < nl; li++)
            for (int j = 0; j < n; j++)
            {
                Vector3 wv = objs[j].Center - lights[li].Position;
                float len = wv.Length(), r = objs[j].BoundRadius;
                int c = li * n + j;
                coneAxis[c] = wv / len;
                coneCos[c] = len > r ? MathF.Sqrt(1f - r * r / (len * len)) : -2f;
                coneNear[c] = len - r;
            }
        Vector3 ambient = scene.Ambient;
        var rng = new SceneRng(scene.NoiseSeed);
        float invFx = 1f / k.Fx, invFy = 1f / k.Fy;

        for (int py = 0; py < height; py++)
        {
            float v = (py + 0.5f - k.Cy) * invFy;
            for (int px = 0; px < width; px++)
            {
                float u = (px + 0.5f - k.Cx) * invFx;
                Vector3 d = Vector3.Normalize(cam.Forward + u * cam.Right + v * cam.Down);

                // Room: exit distance of the ray from the (convex) room box.
                float tx = d.X > 0 ? (rmax.X - o.X) / d.X : d.X < 0 ? (rmin.X - o.X) / d.X : float.PositiveInfinity;
                float ty = d.Y > 0 ? (rmax.Y - o.Y) / d.Y : d.Y < 0 ? (rmin.Y - o.Y) / d.Y : float.PositiveInfinity;
                float tz = d.Z > 0 ? (rmax.Z - o.Z) / d.Z : d.Z < 0 ? (rmin.Z - o.Z) / d.Z : float.PositiveInfinity;
                float best;
                int inst;
                if (ty <= tx && ty <= tz) { best = ty; inst = d.Y < 0 ? 0 : 1; }
                else if (tx <= tz) { best = tx; inst = d.X < 0 ? 2 : 3; }
                else { best = tz; inst = d.Z < 0 ? 4 : 5; }

                int hitObj = -1;
                Vector3 ln = default;
                for (int j = 0; j < n; j++)
                {
                    int r4 = 4 * j;
                    if (px < rect[r4] || px > rect[r4 + 1] || py < rect[r4 + 2] || py > rect[r4 + 3]) continue;
                    int oi = order[j];
                    float t = objs[oi].Intersect(o, d, 1e-4f, best, out Vector3 nrm);
                    if (t < best) { best = t; hitObj = oi; ln = nrm; }
                }

                Vector3 p = o + best * d;
                Vector3 nw;
                Vector3 albedo;
                int cls;
                if (hitObj >= 0)
                {
                    ref readonly var ob = ref objs[hitObj];
                    nw = ob.ToWorldDirection(ln);
                    Vector3 lp = ob.ToLocalPoint(p) - 0.002f * ln;
                    var mat = ob.Material;
                    albedo = Textures.Albedo(in mat, lp);
                    cls = ob.ClassId;
                    inst = FirstObjectInstance + hitObj;
                }
                else
                {
                    Material mat;
                    switch (inst)
                    {
                        case 0: p.Y = rmin.Y; nw = Vector3.UnitY; mat = scene.Floor; cls = SceneClasses.Floor; break;
                        case 1: p.Y = rmax.Y; nw = -Vector3.UnitY; mat = scene.Ceiling; cls = SceneClasses.Ceiling; break;
                        case 2: p.X = rmin.X; nw = Vector3.UnitX; mat = scene.Wall; cls = SceneClasses.Wall; break;
                        case 3: p.X = rmax.X; nw = -Vector3.UnitX; mat = scene.Wall; cls = SceneClasses.Wall; break;
                        case 4: p.Z = rmin.Z; nw = Vector3.UnitZ; mat = scene.Wall; cls = SceneClasses.Wall; break;
                        default: p.Z = rmax.Z; nw = -Vector3.UnitZ; mat = scene.Wall; cls = SceneClasses.Wall; break;
                    }
                    albedo = Textures.Albedo(in mat, p);
                }

                // Lambertian shading.
                Vector3 e = ambient;
                Vector3 so = p + 1e-3f * nw;
                for (int li = 0; li < lights.Length; li++)
                {
                    Vector3 l = lights[li].Position - p;
                    float dist2 = l.LengthSquared();
                    float dist = MathF.Sqrt(dist2);
                    l /= dist;
                    float cos = Vector3.Dot(nw, l);
                    if (cos <= 0) continue;
                    if (shadows)
                    {
                        bool blocked = false;
                        int cb = li * n;
                        for (int j = 0; j < n; j++)
                        {
                            if (j == hitObj) continue; // convex shapes never shadow themselves where cos > 0
                            if (dist < coneNear[cb + j] || -Vector3.Dot(l, coneAxis[cb + j]) < coneCos[cb + j]) continue;
                            if (objs[j].Intersect(so, l, 1e-4f, dist, out _) < dist) { blocked = true; break; }
                        }
                        if (blocked) continue;
                    }
                    e += lights[li].Intensity * (cos / (dist2 + 0.75f)); // softened inverse square: no hot spots next to a light
                }
                Vector3 radiance = albedo * albedo * e; // albedo² ≈ display → linear
                int pix = py * width + px;
                int hw2 = 2 * hw;
                image[pix] = Tone(radiance.X, noiseStd * rng.Gaussian());
                image[hw + pix] = Tone(radiance.Y, noiseStd * rng.Gaussian());
                image[hw2 + pix] = Tone(radiance.Z, noiseStd * rng.Gaussian());

                segmentation[pix] = cls;
                depth[pix] = best * Vector3.Dot(d, cam.Forward);
                Vector3 nc = cam.DirectionToCamera(nw);
                normal[pix] = nc.X;
                normal[hw + pix] = nc.Y;
                normal[hw2 + pix] = nc.Z;
                instance[pix] = inst;
            }
        }
    }

    private static float Tone(float linear, float noise)
    {
        linear = MathF.Max(linear, 0f);
        float v = MathF.Sqrt(linear / (1f + 0.25f * linear)) * 1.1f + noise; // mild highlight roll-off, then ≈ gamma 2
        return v < 0f ? 0f : v > 1f ? 1f : v;
    }

    /// <summary>Conservative pixel rectangle of a sphere's projection (whole image if it reaches behind the near plane).</summary>
    private static void ScreenRect(in SceneCamera cam, Vector3 center, float radius, int height, int width,
        out int x0, out int x1, out int y0, out int y1)
    {
        Vector3 c = cam.ToCamera(center);
        var k = cam.Intrinsics;
        if (c.Z - radius <= 0.05f) { x0 = 0; x1 = width - 1; y0 = 0; y1 = height - 1; return; }
        float zn = c.Z - radius, zf = c.Z + radius;
        float xl = MathF.Min((c.X - radius) / zn, (c.X - radius) / zf), xr = MathF.Max((c.X + radius) / zn, (c.X + radius) / zf);
        float yt = MathF.Min((c.Y - radius) / zn, (c.Y - radius) / zf), yb = MathF.Max((c.Y + radius) / zn, (c.Y + radius) / zf);
        x0 = Math.Max(0, (int)MathF.Floor(k.Fx * xl + k.Cx) - 1);
        x1 = Math.Min(width - 1, (int)MathF.Ceiling(k.Fx * xr + k.Cx) + 1);
        y0 = Math.Max(0, (int)MathF.Floor(k.Fy * yt + k.Cy) - 1);
        y1 = Math.Min(height - 1, (int)MathF.Ceiling(k.Fy * yb + k.Cy) + 1);
    }
}
