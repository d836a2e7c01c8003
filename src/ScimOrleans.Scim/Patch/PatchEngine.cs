using System.Text.Json.Nodes;
using ScimOrleans.Scim.Errors;
using ScimOrleans.Scim.Filters;
using ScimOrleans.Scim.Resources;
using ScimOrleans.Scim.Schema;

namespace ScimOrleans.Scim.Patch;

/// <summary>
/// Applies a PATCH request (RFC 7644 §3.5.2) to a resource. All or nothing: the operations run
/// on a copy, and the copy must then pass the same validation as a PUT, so a failure anywhere
/// leaves the caller's document as it was.
/// </summary>
public static class PatchEngine
{
    public static PatchResult Apply(JsonObject resource, PatchRequest request, ResourceSchema schema)
    {
        var document = resource.DeepClone().AsObject();
        for (var i = 0; i < request.Operations.Count; i++)
        {
            try
            {
                ApplyOperation(document, schema, request.Operations[i]);
            }
            catch (ScimException e) when (request.Operations.Count > 1)
            {
                throw new ScimException(e.Status, e.ScimType, $"Operation {i + 1}: {e.Detail}");
            }
        }

        var result = ResourceValidator.PrepareForReplace(document, resource, schema);
        return new PatchResult(result, !JsonNode.DeepEquals(result, Baseline(resource, schema)));
    }

    /// <summary>
    /// The input as validation would leave it, so that normalisation alone (a stored "True", a
    /// derived members.display) never counts as a change.
    /// </summary>
    private static JsonNode Baseline(JsonObject resource, ResourceSchema schema)
    {
        try
        {
            return ResourceValidator.PrepareForReplace(resource, resource, schema);
        }
        catch (ScimException)
        {
            return resource;
        }
    }

    private static void ApplyOperation(JsonObject document, ResourceSchema schema, PatchOperation operation)
    {
        if (operation.Path is null)
        {
            if (operation.Kind == PatchOperationKind.Remove)
            {
                throw ScimException.NoTarget("A 'remove' operation needs a 'path'.");
            }

            ApplyAttributes(document, schema, operation.Kind, (JsonObject)operation.Value!);
            return;
        }

        var path = PatchPath.Parse(operation.Path, schema);
        if (path.Target is null)
        {
            ApplyToExtension(document, schema, operation, path.Schema);
            return;
        }

        var target = path.Target;
        if (target.Attribute.Mutability == Mutability.ReadOnly || target.SubAttribute?.Mutability == Mutability.ReadOnly)
        {
            throw ScimException.Mutability($"'{path.Text}' is read-only.");
        }

        // Passwords are accepted and dropped, as in ResourceValidator: sign-in is by SSO.
        if (target.Attribute.Mutability == Mutability.WriteOnly)
        {
            return;
        }

        ApplyAt(document, schema, operation.Kind, target, path.Filter, operation.Value);
    }

    private static void ApplyToExtension(JsonObject document, ResourceSchema schema, PatchOperation operation, SchemaDefinition extension)
    {
        if (operation.Kind == PatchOperationKind.Remove || AttributeCoercion.IsUnassigned(operation.Value))
        {
            ResourceLayout.Remove(document, extension.Id);
            return;
        }

        ApplyAttributes(document, schema, operation.Kind, new JsonObject { [extension.Id] = operation.Value!.DeepClone() });
    }

    /// <summary>
    /// A no-path add/replace: each key is an attribute path or an extension URN holding an
    /// object. Read-only keys are skipped rather than refused because clients echo them
    /// (Okta sends the group's <c>id</c> in a rename).
    /// </summary>
    private static void ApplyAttributes(JsonObject document, ResourceSchema schema, PatchOperationKind kind, JsonObject value)
    {
        foreach (var (key, attributeValue) in value)
        {
            if (string.Equals(key, "schemas", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (schema.FindSchema(key) is { } whole)
            {
                if (AttributeCoercion.IsUnassigned(attributeValue))
                {
                    if (schema.IsExtension(whole))
                    {
                        ResourceLayout.Remove(document, whole.Id);
                    }

                    continue;
                }

                if (attributeValue is not JsonObject nested)
                {
                    throw ScimException.InvalidValue($"'{key}' must be an object holding attributes of that schema.");
                }

                foreach (var (innerKey, innerValue) in nested)
                {
                    ApplyKey(document, schema, kind, $"{whole.Id}:{innerKey}", innerValue);
                }

                continue;
            }

            ApplyKey(document, schema, kind, key, attributeValue);
        }
    }

    private static void ApplyKey(JsonObject document, ResourceSchema schema, PatchOperationKind kind, string key, JsonNode? value)
    {
        PatchPath path;
        try
        {
            path = PatchPath.Parse(key, schema);
        }
        catch (ScimException) when (!key.Contains('['))
        {
            throw ScimException.InvalidValue($"'{key}' is not an attribute of {schema.Name}.");
        }

        if (path.Target is not { } target)
        {
            return;
        }

        if (target.Attribute.Mutability is Mutability.ReadOnly or Mutability.WriteOnly
            || target.SubAttribute?.Mutability == Mutability.ReadOnly)
        {
            return;
        }

        ApplyAt(document, schema, kind, target, path.Filter, value);
    }

    private static void ApplyAt(JsonObject document, ResourceSchema schema, PatchOperationKind kind, ResolvedAttribute target, FilterNode? filter, JsonNode? value)
    {
        var name = ResourceLayout.DisplayName(target.Schema, schema, target.DottedName);
        // An extension object created here and left empty is dropped by validation.
        var container = ResourceLayout.FindContainer(document, target.Schema, schema)
            ?? ResourceLayout.GetOrCreateContainer(document, target.Schema, schema);
        if (filter is not null)
        {
            ApplyFiltered(container, kind, target, filter, value, name);
        }
        else if (target.SubAttribute is null)
        {
            ApplyWhole(container, kind, target.Attribute, value, name);
        }
        else if (target.Attribute.MultiValued)
        {
            ApplyToEveryElement(container, kind, target.Attribute, target.SubAttribute, value, name);
        }
        else
        {
            ApplySubAttribute(container, kind, target.Attribute, target.SubAttribute, value, name);
        }
    }

    private static void ApplyWhole(JsonObject container, PatchOperationKind kind, AttributeDefinition attribute, JsonNode? value, string name)
    {
        var current = ResourceLayout.Get(container, attribute.Name);
        if (kind == PatchOperationKind.Remove && attribute.MultiValued && value is not null)
        {
            RemoveListed(container, attribute, current as JsonArray, value, name);
            return;
        }

        var coerced = kind == PatchOperationKind.Remove ? null : AttributeCoercion.Coerce(value, attribute, name);
        if (coerced is null)
        {
            if (!AttributeCoercion.IsUnassigned(current))
            {
                // RFC 7644 §3.5.2.2: removing a required attribute is a mutability error.
                if (attribute.Required || attribute.Mutability == Mutability.Immutable)
                {
                    throw ScimException.Mutability($"'{name}' is {(attribute.Required ? "required" : "immutable")} and cannot be removed.");
                }
            }

            ResourceLayout.Remove(container, attribute.Name);
            return;
        }

        if (attribute.MultiValued)
        {
            var array = kind == PatchOperationKind.Add && current is JsonArray existing ? existing : [];
            var added = new List<JsonObject>();
            foreach (var element in coerced.AsArray())
            {
                if (kind == PatchOperationKind.Add && array.Any(e => JsonNode.DeepEquals(e, element)))
                {
                    continue;
                }

                var copy = element!.DeepClone();
                array.Add(copy);
                if (copy is JsonObject complex)
                {
                    added.Add(complex);
                }
            }

            if (!ReferenceEquals(array, current))
            {
                ResourceLayout.Set(container, attribute.Name, array);
            }

            DemoteOtherPrimaries(array, added);
            return;
        }

        if (attribute.Type == AttributeType.Complex && coerced is JsonObject subValues)
        {
            // RFC 7644 §3.5.2.1/§3.5.2.3: sub-attributes not given are left unchanged.
            if (current is not JsonObject target)
            {
                target = [];
                ResourceLayout.Set(container, attribute.Name, target);
            }

            foreach (var (subName, subValue) in subValues)
            {
                var sub = attribute.FindSubAttribute(subName)!;
                CheckImmutable(sub, ResourceLayout.Get(target, sub.Name), subValue, $"{name}.{sub.Name}");
                ResourceLayout.Set(target, sub.Name, subValue!.DeepClone());
            }

            return;
        }

        CheckImmutable(attribute, current, coerced, name);
        ResourceLayout.Set(container, attribute.Name, coerced);
    }

    /// <summary>
    /// Entra removes group members with <c>path: "members"</c> and the members to remove in
    /// <c>value</c>; RFC 7644 would clear the attribute, which would empty the group.
    /// </summary>
    private static void RemoveListed(JsonObject container, AttributeDefinition attribute, JsonArray? current, JsonNode value, string name)
    {
        if (current is null || AttributeCoercion.Coerce(value, attribute, name) is not JsonArray listed)
        {
            return;
        }

        var valueSub = attribute.FindSubAttribute("value");
        var comparison = valueSub is { CaseExact: true } ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        foreach (var item in listed)
        {
            var id = item is JsonObject o && valueSub is not null ? ResourceLayout.Get(o, valueSub.Name)?.ToString() : null;
            var doomed = current.Where(e => id is not null
                ? e is JsonObject element && string.Equals(ResourceLayout.Get(element, valueSub!.Name)?.ToString(), id, comparison)
                : JsonNode.DeepEquals(e, item)).ToList();
            foreach (var element in doomed)
            {
                current.Remove(element);
            }
        }

        if (current.Count == 0)
        {
            ResourceLayout.Remove(container, attribute.Name);
        }
    }

    private static void ApplySubAttribute(JsonObject container, PatchOperationKind kind, AttributeDefinition attribute, AttributeDefinition sub, JsonNode? value, string name)
    {
        var current = ResourceLayout.Get(container, attribute.Name) as JsonObject;
        var coerced = kind == PatchOperationKind.Remove ? null : CoerceSub(value, sub, name);
        CheckImmutable(sub, current is null ? null : ResourceLayout.Get(current, sub.Name), coerced, name);
        if (coerced is null)
        {
            if (current is not null)
            {
                ResourceLayout.Remove(current, sub.Name);
            }

            return;
        }

        if (current is null)
        {
            current = [];
            ResourceLayout.Set(container, attribute.Name, current);
        }

        ResourceLayout.Set(current, sub.Name, coerced);
    }

    /// <summary><c>emails.value</c> without a filter addresses the sub-attribute of every value.</summary>
    private static void ApplyToEveryElement(JsonObject container, PatchOperationKind kind, AttributeDefinition attribute, AttributeDefinition sub, JsonNode? value, string name)
    {
        var array = ResourceLayout.Get(container, attribute.Name) as JsonArray;
        var elements = array?.OfType<JsonObject>().ToList() ?? [];
        if (elements.Count > 0)
        {
            SetOnElements(elements, kind, sub, value, name);
            DemoteOtherPrimaries(array!, elements);
            return;
        }

        if (kind != PatchOperationKind.Remove && CoerceSub(value, sub, name) is { } coerced)
        {
            ResourceLayout.Set(container, attribute.Name, new JsonArray(new JsonObject { [sub.Name] = coerced }));
        }
    }

    private static void ApplyFiltered(JsonObject container, PatchOperationKind kind, ResolvedAttribute target, FilterNode filter, JsonNode? value, string name)
    {
        var attribute = target.Attribute;
        var sub = target.SubAttribute;
        var array = ResourceLayout.Get(container, attribute.Name) as JsonArray;
        var matches = array?.OfType<JsonObject>().Where(e => FilterEvaluator.MatchesValue(filter, e, attribute)).ToList() ?? [];
        if (matches.Count == 0)
        {
            // Removing what is already gone succeeds (RFC 7644 §3.5.2.2 names noTarget only for a
            // missing path): an IdP retrying a member removal after the user was deleted must not fail.
            if (kind == PatchOperationKind.Remove)
            {
                return;
            }

            if (!ValueFilterUpsert.TryCreateElement(filter, attribute, out var element))
            {
                throw ScimException.NoTarget($"No value of '{attribute.Name}' matches the filter in '{name}'.");
            }

            Upsert(container, attribute, sub, element, array, value, name);
            return;
        }

        if (sub is not null)
        {
            SetOnElements(matches, kind, sub, value, name);
            DemoteOtherPrimaries(array!, matches);
            return;
        }

        var replacement = kind == PatchOperationKind.Remove ? null : AttributeCoercion.CoerceSingle(Unwrap(value), attribute, name) as JsonObject;
        if (replacement is null)
        {
            foreach (var match in matches)
            {
                array!.Remove(match);
            }

            if (array!.Count == 0)
            {
                ResourceLayout.Remove(container, attribute.Name);
            }

            return;
        }

        foreach (var match in matches)
        {
            foreach (var immutable in attribute.SubAttributes.Where(s => s.Mutability == Mutability.Immutable))
            {
                if (ResourceLayout.Get(replacement, immutable.Name) is { } now)
                {
                    CheckImmutable(immutable, ResourceLayout.Get(match, immutable.Name), now, $"{name}.{immutable.Name}");
                }
            }

            if (kind == PatchOperationKind.Replace)
            {
                match.Clear();
            }

            foreach (var (subName, subValue) in replacement)
            {
                ResourceLayout.Set(match, subName, subValue!.DeepClone());
            }
        }

        DemoteOtherPrimaries(array!, matches);
    }

    private static void Upsert(JsonObject container, AttributeDefinition attribute, AttributeDefinition? sub, JsonObject element, JsonArray? array, JsonNode? value, string name)
    {
        if (sub is not null)
        {
            if (CoerceSub(value, sub, name) is not { } coerced)
            {
                return;
            }

            element[sub.Name] = coerced;
        }
        else
        {
            if (AttributeCoercion.CoerceSingle(Unwrap(value), attribute, name) is not JsonObject given)
            {
                return;
            }

            foreach (var (subName, subValue) in given)
            {
                element[subName] = subValue!.DeepClone();
            }
        }

        if (AttributeCoercion.CoerceSingle(element, attribute, name) is not JsonObject created)
        {
            return;
        }

        if (array is null)
        {
            array = [];
            ResourceLayout.Set(container, attribute.Name, array);
        }

        array.Add(created);
        DemoteOtherPrimaries(array, [created]);
    }

    private static void SetOnElements(List<JsonObject> elements, PatchOperationKind kind, AttributeDefinition sub, JsonNode? value, string name)
    {
        var coerced = kind == PatchOperationKind.Remove ? null : CoerceSub(value, sub, name);
        foreach (var element in elements)
        {
            CheckImmutable(sub, ResourceLayout.Get(element, sub.Name), coerced, name);
            if (coerced is null)
            {
                ResourceLayout.Remove(element, sub.Name);
            }
            else
            {
                ResourceLayout.Set(element, sub.Name, coerced.DeepClone());
            }
        }
    }

    private static JsonNode? CoerceSub(JsonNode? value, AttributeDefinition sub, string name) =>
        sub.MultiValued ? AttributeCoercion.Coerce(value, sub, name) : AttributeCoercion.CoerceSingle(Unwrap(value), sub, name);

    /// <summary>Entra wraps single values in one-element arrays.</summary>
    private static JsonNode? Unwrap(JsonNode? value) => value is JsonArray { Count: 1 } single ? single[0] : value;

    /// <summary>An immutable value, once set, may be written again only with the same value.</summary>
    private static void CheckImmutable(AttributeDefinition attribute, JsonNode? old, JsonNode? now, string name)
    {
        if (attribute.Mutability != Mutability.Immutable || AttributeCoercion.IsUnassigned(old))
        {
            return;
        }

        if (now is null || !JsonNode.DeepEquals(AttributeCoercion.CanonicalOrSelf(old, attribute, name), now))
        {
            throw ScimException.Mutability($"'{name}' is immutable and already has a value.");
        }
    }

    /// <summary>RFC 7643 §2.4: making one value primary makes the others not primary.</summary>
    private static void DemoteOtherPrimaries(JsonArray array, IReadOnlyCollection<JsonObject> touched)
    {
        if (!touched.Any(IsPrimary))
        {
            return;
        }

        foreach (var other in array.OfType<JsonObject>().Where(e => !touched.Contains(e) && IsPrimary(e)))
        {
            ResourceLayout.Set(other, "primary", false);
        }
    }

    private static bool IsPrimary(JsonObject element) =>
        ResourceLayout.Get(element, "primary") is JsonValue primary && primary.GetValueKind() == System.Text.Json.JsonValueKind.True;
}
