namespace ScimOrleans.Scim.Schema;

/// <summary>The schemas of RFC 7643 §4 that this service implements, as definitions.</summary>
public static class ScimSchemas
{
    private static AttributeDefinition Str(string name, string description = "") =>
        new(name, AttributeType.String) { Description = description };

    private static AttributeDefinition MultiValued(string name, string description, IReadOnlyList<string> types, AttributeDefinition? value = null) =>
        new(name, AttributeType.Complex)
        {
            MultiValued = true,
            Description = description,
            SubAttributes =
            [
                value ?? Str("value", $"The value of the {name} entry."),
                Str("display", "A human-readable name, primarily used for display purposes."),
                new("type", AttributeType.String) { CanonicalValues = types, Description = "A label indicating the attribute's function." },
                new("primary", AttributeType.Boolean) { Description = "Indicates the primary or preferred value; at most one may be true." },
            ],
        };

    public static readonly SchemaDefinition User = new(SchemaUrns.User, "User", "User Account",
    [
        new("userName", AttributeType.String)
        {
            Required = true,
            Uniqueness = Uniqueness.Server,
            Description = "Unique identifier for the User, used to authenticate; unique per tenant, case-insensitive.",
        },
        new("name", AttributeType.Complex)
        {
            Description = "The components of the user's name.",
            SubAttributes =
            [
                Str("formatted"), Str("familyName"), Str("givenName"), Str("middleName"),
                Str("honorificPrefix"), Str("honorificSuffix"),
            ],
        },
        Str("displayName", "The name of the User, suitable for display to end-users."),
        Str("nickName", "The casual way to address the user."),
        new("profileUrl", AttributeType.Reference) { ReferenceTypes = ["external"], Description = "A fully qualified URL pointing to a page representing the User's online profile." },
        Str("title", "The user's title, such as \"Vice President\"."),
        Str("userType", "Identifies the relationship between the organization and the user."),
        Str("preferredLanguage", "The User's preferred written or spoken language."),
        Str("locale", "The User's default location for localizing."),
        Str("timezone", "The User's time zone in the IANA Time Zone database format."),
        new("active", AttributeType.Boolean) { Description = "The User's administrative status." },
        new("password", AttributeType.String)
        {
            Mutability = Mutability.WriteOnly,
            Returned = Returned.Never,
            Description = "The User's cleartext password; never returned.",
        },
        MultiValued("emails", "Email addresses for the user.", ["work", "home", "other"]),
        MultiValued("phoneNumbers", "Phone numbers for the User.", ["work", "home", "mobile", "fax", "pager", "other"]),
        MultiValued("ims", "Instant messaging addresses for the User.", ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
        MultiValued("photos", "URLs of photos of the User.", ["photo", "thumbnail"],
            new("value", AttributeType.Reference) { ReferenceTypes = ["external"], Description = "URL of a photo of the User." }),
        new("addresses", AttributeType.Complex)
        {
            MultiValued = true,
            Description = "A physical mailing address for this User.",
            SubAttributes =
            [
                Str("formatted"), Str("streetAddress"), Str("locality"), Str("region"), Str("postalCode"), Str("country"),
                new("type", AttributeType.String) { CanonicalValues = ["work", "home", "other"] },
                new("primary", AttributeType.Boolean),
            ],
        },
        new("groups", AttributeType.Complex)
        {
            MultiValued = true,
            Mutability = Mutability.ReadOnly,
            Description = "A list of groups to which the user belongs, either directly or through nested groups.",
            SubAttributes =
            [
                new("value", AttributeType.String) { Mutability = Mutability.ReadOnly, CaseExact = true },
                new("$ref", AttributeType.Reference) { Mutability = Mutability.ReadOnly, CaseExact = true, ReferenceTypes = ["User", "Group"] },
                new("display", AttributeType.String) { Mutability = Mutability.ReadOnly },
                new("type", AttributeType.String) { Mutability = Mutability.ReadOnly, CanonicalValues = ["direct", "indirect"] },
            ],
        },
        MultiValued("entitlements", "A list of entitlements for the User.", []),
        // Read-only here: a user's roles follow from its groups through the tenant's
        // group-to-role mapping, so an IdP cannot grant them directly.
        MultiValued("roles", "The roles the user's groups grant through the tenant's role mapping; suspended while inactive.", []) with
        {
            Mutability = Mutability.ReadOnly,
        },
        MultiValued("x509Certificates", "A list of certificates issued to the User.", [],
            new("value", AttributeType.Binary) { Description = "The value of an X.509 certificate." }),
    ]);

    public static readonly SchemaDefinition EnterpriseUser = new(SchemaUrns.EnterpriseUser, "EnterpriseUser", "Enterprise User",
    [
        Str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
        Str("costCenter", "Identifies the name of a cost center."),
        Str("organization", "Identifies the name of an organization."),
        Str("division", "Identifies the name of a division."),
        Str("department", "Identifies the name of a department."),
        new("manager", AttributeType.Complex)
        {
            Description = "The User's manager.",
            SubAttributes =
            [
                new("value", AttributeType.String) { CaseExact = true, Description = "The id of the SCIM resource representing the User's manager." },
                new("$ref", AttributeType.Reference) { CaseExact = true, ReferenceTypes = ["User"], Description = "The URI of the SCIM resource representing the User's manager." },
                new("displayName", AttributeType.String) { Mutability = Mutability.ReadOnly, Description = "The displayName of the User's manager." },
            ],
        },
    ]);

    public static readonly SchemaDefinition Group = new(SchemaUrns.Group, "Group", "Group",
    [
        new("displayName", AttributeType.String) { Required = true, Description = "A human-readable name for the Group." },
        new("members", AttributeType.Complex)
        {
            MultiValued = true,
            Description = "A list of members of the Group.",
            SubAttributes =
            [
                new("value", AttributeType.String) { Mutability = Mutability.Immutable, CaseExact = true, Description = "Identifier of the member of this Group." },
                new("$ref", AttributeType.Reference) { Mutability = Mutability.Immutable, CaseExact = true, ReferenceTypes = ["User", "Group"], Description = "The URI of the member resource." },
                new("display", AttributeType.String) { Mutability = Mutability.ReadOnly, Description = "The display name of the member." },
                new("type", AttributeType.String) { Mutability = Mutability.Immutable, CanonicalValues = ["User", "Group"], Description = "The type of the member." },
            ],
        },
    ]);

    public static readonly ResourceSchema UserResource = new("User", "/Users", "User Account", User,
        [new SchemaExtensionReference(EnterpriseUser, Required: false)]);

    public static readonly ResourceSchema GroupResource = new("Group", "/Groups", "Group", Group, []);
}
