using System.Numerics;
using AdaShare.Data.Scenes.Shapes;

namespace AdaShare.Data.Scenes;

/// <summary>Draws a random scene description (room, materials, objects, lights, camera) from a <see cref="SceneRng"/>.</summary>
public static class SceneSampler
{
    public static SceneDescription Sample(ref SceneRng rng, ScenesOptions options)
    {
        float wx = rng.Uniform(4.0f, 7.0f), dz = rng.Uniform(4.5f, 8.0f), hy = rng.Uniform(2.5f, 3.2f);
        var roomMin = new Vector3(-wx / 2, 0, -dz / 2);
        var roomMax = new Vector3(wx / 2, hy, dz / 2);

        var k = CameraIntrinsics.FromFov(options.Height, options.Width, options.HorizontalFovDegrees);
        var camPos = new Vector3(rng.Uniform(-wx / 4, wx / 4), rng.Uniform(1.1f, 1.8f), roomMin.Z + rng.Uniform(0.3f, 1.0f));
        float camYaw = rng.Uniform(-25f, 25f) * MathF.PI / 180f;
        float camPitch = rng.Uniform(-24f, 6f) * MathF.PI / 180f;
        var camera = SceneCamera.LookFrom(camPos, camYaw, camPitch, k);

        var floor = SampleFloor(ref rng);
        var wall = SampleWall(ref rng);
        var ceiling = SampleCeiling(ref rng);

        int count = rng.Int(options.MinObjects, options.MaxObjects);
        var objects = new List<SceneObject>(count);
        float halfFov = options.HorizontalFovDegrees * 0.5f * MathF.PI / 180f;
        for (int i = 0; i < count; i++)
        {
            var kind = (ShapeKind)rng.Int(0, 3);
            Vector3 size;
            float footprint, centerY;
            switch (kind)
            {
                case ShapeKind.Box:
                    size = new Vector3(rng.Uniform(0.15f, 0.5f), rng.Uniform(0.12f, 0.5f), rng.Uniform(0.15f, 0.5f));
                    footprint = MathF.Sqrt(size.X * size.X + size.Z * size.Z);
                    centerY = size.Y;
                    break;
                case ShapeKind.Sphere:
                    float r = rng.Uniform(0.15f, 0.5f);
                    size = new Vector3(r);
                    footprint = r;
                    centerY = r;
                    break;
                case ShapeKind.Cylinder:
                    size = new Vector3(rng.Uniform(0.12f, 0.38f), rng.Uniform(0.18f, 0.6f), 0);
                    size.Z = size.X;
                    footprint = size.X;
                    centerY = size.Y;
                    break;
                default:
                    size = new Vector3(rng.Uniform(0.2f, 0.5f), rng.Uniform(0.22f, 0.6f), 0);
                    size.Z = size.X;
                    footprint = size.X;
                    centerY = size.Y;
                    break;
            }
            float yaw = rng.Uniform(0, 2 * MathF.PI);
            var material = SampleObjectMaterial(ref rng);
            for (int attempt = 0; attempt < 16; attempt++)
            {
                float dist = rng.Uniform(1.2f, 4.5f);
                float a = camYaw + rng.Uniform(-0.85f, 0.85f) * halfFov;
                float x = camPos.X + dist * MathF.Sin(a), z = camPos.Z + dist * MathF.Cos(a);
                float m = footprint + 0.05f;
                x = Math.Clamp(x, roomMin.X + m, roomMax.X - m);
                z = Math.Clamp(z, roomMin.Z + m, roomMax.Z - m);
                var c = new Vector3(x, centerY, z);
                if (new Vector2(x - camPos.X, z - camPos.Z).Length() < footprint + 0.8f) continue;
                bool overlaps = false;
                foreach (var o in objects)
                {
                    float of = o.Kind == ShapeKind.Box ? MathF.Sqrt(o.Size.X * o.Size.X + o.Size.Z * o.Size.Z) : o.Size.X;
                    if (new Vector2(x - o.Center.X, z - o.Center.Z).Length() < footprint + of + 0.05f) { overlaps = true; break; }
                }
                if (overlaps) continue;
                objects.Add(new SceneObject(kind, c, yaw, size, material));
                break;
            }
        }

        int nLights = rng.Chance(0.5f) ? 1 : 2;
        var lights = new SceneLight[nLights];
        for (int i = 0; i < nLights; i++)
        {
            var pos = new Vector3(rng.Uniform(roomMin.X + 0.4f, roomMax.X - 0.4f), hy - rng.Uniform(0.1f, 0.5f),
                                  rng.Uniform(roomMin.Z + 0.4f, roomMax.Z - 0.4f));
            float power = rng.Uniform(6f, 10f) / MathF.Sqrt(nLights);
            float warmth = rng.Uniform(-0.12f, 0.12f);
            lights[i] = new SceneLight(pos, power * new Vector3(1 + warmth, 1, 1 - warmth));
        }
        var ambient = new Vector3(rng.Uniform(0.12f, 0.25f));

        return new SceneDescription
        {
            RoomMin = roomMin,
            RoomMax = roomMax,
            Floor = floor,
            Wall = wall,
            Ceiling = ceiling,
            Objects = objects.ToArray(),
            Lights = lights,
            Ambient = ambient,
            Camera = camera,
            NoiseSeed = rng.NextULong(),
        };
    }

    private static Material SampleFloor(ref SceneRng rng)
    {
        int t = rng.Int(0, 2);
        if (t == 0) // tiles
        {
            var c1 = Hsv(rng.Uniform(0, 360), rng.Uniform(0.0f, 0.25f), rng.Uniform(0.55f, 0.85f));
            var c2 = c1 * rng.Uniform(0.45f, 0.7f);
            return new Material(c1, c2, TextureKind.Checker, rng.Uniform(0.35f, 0.7f), Vector3.UnitX);
        }
        if (t == 1) // planks
        {
            var c1 = Hsv(rng.Uniform(20, 40), rng.Uniform(0.4f, 0.7f), rng.Uniform(0.45f, 0.75f));
            var c2 = c1 * rng.Uniform(0.6f, 0.8f);
            return new Material(c1, c2, TextureKind.Stripes, rng.Uniform(0.15f, 0.3f), rng.Chance(0.5f) ? Vector3.UnitX : Vector3.UnitZ);
        }
        var carpet = Hsv(rng.Uniform(0, 360), rng.Uniform(0.2f, 0.5f), rng.Uniform(0.35f, 0.65f));
        return new Material(carpet, carpet * 0.6f, TextureKind.Noise, rng.Uniform(0.08f, 0.2f), Vector3.UnitX);
    }

    private static Material SampleWall(ref SceneRng rng)
    {
        var c1 = Hsv(rng.Uniform(0, 360), rng.Uniform(0.05f, 0.3f), rng.Uniform(0.65f, 0.92f));
        int t = rng.Int(0, 2);
        if (t == 0) return new Material(c1, c1, TextureKind.Plain, 1, Vector3.UnitX);
        if (t == 1)
        {
            var c2 = Hsv(rng.Uniform(0, 360), rng.Uniform(0.05f, 0.3f), rng.Uniform(0.55f, 0.85f));
            var axis = rng.Chance(0.6f) ? Vector3.Normalize(new Vector3(1, 0, 1)) : Vector3.UnitY;
            return new Material(c1, c2, TextureKind.Stripes, rng.Uniform(0.12f, 0.35f), axis);
        }
        return new Material(c1, c1 * 0.8f, TextureKind.Noise, rng.Uniform(0.2f, 0.5f), Vector3.UnitX);
    }

    private static Material SampleCeiling(ref SceneRng rng)
    {
        var c1 = new Vector3(rng.Uniform(0.8f, 0.95f));
        return rng.Chance(0.5f)
            ? new Material(c1, c1, TextureKind.Plain, 1, Vector3.UnitX)
            : new Material(c1, c1 * 0.85f, TextureKind.Checker, rng.Uniform(0.5f, 0.8f), Vector3.UnitX);
    }

    private static Material SampleObjectMaterial(ref SceneRng rng)
    {
        float h = rng.Uniform(0, 360);
        var c1 = Hsv(h, rng.Uniform(0.5f, 0.95f), rng.Uniform(0.55f, 0.95f));
        var c2 = rng.Chance(0.5f) ? Hsv(h + rng.Uniform(90, 270), rng.Uniform(0.3f, 0.9f), rng.Uniform(0.5f, 0.95f)) : c1 * rng.Uniform(0.3f, 0.6f);
        var texture = (TextureKind)rng.Int(0, 3);
        int axis = rng.Int(0, 3);
        var stripeAxis = axis switch
        {
            0 => Vector3.UnitX,
            1 => Vector3.UnitY,
            2 => Vector3.UnitZ,
            _ => Vector3.Normalize(new Vector3(1, 1, 0)),
        };
        return new Material(c1, c2, texture, rng.Uniform(0.06f, 0.18f), stripeAxis);
    }

    /// <summary>HSV (h in degrees, s and v in [0, 1]) → linear RGB.</summary>
    public static Vector3 Hsv(float h, float s, float v)
    {
        h = ((h % 360f) + 360f) % 360f / 60f;
        int i = (int)h;
        float f = h - i, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        return i switch
        {
            0 => new Vector3(v, t, p),
            1 => new Vector3(q, v, p),
            2 => new Vector3(p, v, t),
            3 => new Vector3(p, q, v),
            4 => new Vector3(t, p, v),
            _ => new Vector3(v, p, q),
        };
    }
}
