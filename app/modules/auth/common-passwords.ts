/**
 * Passwords of 8+ characters that appear near the top of public breach-frequency lists, plus
 * patterns that are as guessable (a repeated character, a keyboard run, the site's own name).
 * A short list keeps this file small; the length rule already removes most of the top 10,000.
 */
const COMMON = new Set(
  `
password password1 password12 password123 password1234 passw0rd p@ssword p@ssw0rd passwort
12345678 123456789 1234567890 0123456789 11111111 00000000 12341234 11223344 12121212 87654321
123123123 123321123 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qwertyui qwertyuiop qwerty123 qwerty12 qwerty1234
asdfghjk asdfghjkl zxcvbnm1 zxcvbnmm iloveyou iloveyou1 iloveyou2 sunshine sunshine1 princess
princess1 football football1 baseball basketball welcome1 welcome123 letmein1 letmein123
trustno1 starwars superman batman123 whatever computer computer1 internet michelle jennifer
1password abcd1234 abc12345 abcdefgh abcdefg1 aa123456 a1234567 a12345678 q1w2e3r4 q1w2e3r4t5
charlie1 liverpool chelsea1 arsenal1 manchester monkey12 dragon12 master12 shadow12 jordan23
changeme changeme1 secret12 teacher1 teacher123 teaching school123 student1 education
classroom pathways pathways1 pathways123 summer2024 summer2025 summer2026 autumn2026 winter2026
spring2026 january1 september london123 england1 qwe12345 zaq12wsx 1qazxsw2 password! password1!
admin123 administrator welcome! loveyou1 mustang1 access14 flower12 hello123 hellohello
`
    .split(/\s+/)
    .filter(Boolean),
);

const KEYBOARD_RUNS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "0987654321", "abcdefghijklmnopqrstuvwxyz"];

export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON.has(p)) return true;
  if (/^(.)\1+$/.test(p)) return true; // one character repeated
  if (KEYBOARD_RUNS.some((run) => run.includes(p))) return true; // a straight run of keys
  return false;
}
