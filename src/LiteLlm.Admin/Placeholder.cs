namespace LiteLlm.Admin; public static class Placeholder { public static int Answer => 42; }
