using System.Numerics;

namespace AdaShare.Data.Scenes;

/// <summary>Procedural texture families.</summary>
public enum TextureKind { Plain, Checker, Stripes, Noise }

/// <summary>
/// A Lambertian surface: albedo blends <see cref="Color1"/> and <see cref="Color2"/> by a solid (3D) texture
/// evaluated at the surface point (object-local coordinates for objects, world coordinates for the room).
/// </summary>
public readonly record struct Material(Vector3 Color1, Vector3 Color2, TextureKind Texture, float Scale, Vector3 StripeAxis);
